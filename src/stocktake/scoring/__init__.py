"""Answers -> indicator points -> group, dimension and pathway scores."""

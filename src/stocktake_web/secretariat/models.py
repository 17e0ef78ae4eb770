"""Models of the secretariat app."""

"""Stocktake's web application: a thin Django layer over the ``stocktake`` core.

It keeps the rows (networks, cities, rounds, answers and their history), the people and their
roles, and serves pages; every score, consolidation and ranking comes from the core.
"""

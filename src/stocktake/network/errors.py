"""Errors of the network's analyses, each a sentence a person can act on."""

from __future__ import annotations

from stocktake.errors import StocktakeError


class NetworkError(StocktakeError):
    """Bad input to a network analysis: an unknown city, a size or count that cannot work."""


class InfeasibleError(NetworkError):
    """The constraints leave no solution at all; the message says which of them cannot be met."""

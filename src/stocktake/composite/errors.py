"""Errors of the composite-index build, each a sentence a person can act on.

They subclass :class:`stocktake.errors.LocatedError` (a ``ValueError``), so callers that catch
Stocktake's input errors catch these too, and they name the file, row and column of the problem.
"""

from __future__ import annotations

from stocktake.errors import LocatedError


class CompositeError(LocatedError):
    """Bad input to a composite-index build: data, metadata or a value that a method cannot use."""


class SpecError(CompositeError):
    """A build specification is malformed or names something the data does not have."""


class AggregationError(CompositeError):
    """An aggregation method cannot be applied to the values it was given (e.g. a geometric mean
    over a zero); the message names the unit, the aggregate, the child and what to change."""

"""Errors of the composite-index build, each a sentence a person can act on.

They subclass :class:`stocktake.errors.StocktakeError` (a ``ValueError``), so callers that catch
Stocktake's input errors catch these too. ``source``, ``row`` and ``column`` locate a problem in the
table it came from; ``row`` counts like a spreadsheet does (the header is row 1).
"""

from __future__ import annotations

from stocktake.errors import StocktakeError


class CompositeError(StocktakeError):
    """Bad input to a composite-index build: data, metadata or a value that a method cannot use."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.detail = message
        self.source = source
        self.row = row
        self.column = column
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail


class SpecError(CompositeError):
    """A build specification is malformed or names something the data does not have."""


class AggregationError(CompositeError):
    """An aggregation method cannot be applied to the values it was given (e.g. a geometric mean
    over a zero); the message names the unit, the aggregate, the child and what to change."""

"""Errors of an innovation screening, each a sentence a coordinator or an analyst can act on."""

from __future__ import annotations

from collections.abc import Sequence

from stocktake.errors import LocatedError, StocktakeError


class ScreeningError(StocktakeError):
    """Bad input to a screening: criteria that cannot be weighed, a method that does not exist."""


class ScreeningFileError(LocatedError, ScreeningError):
    """A criteria or scores file has a cell that cannot be used; the message names its row and
    column as a spreadsheet numbers them, and its ``code`` the problem (see the files module)."""


MISSING_SHOWN = 10
"""Missing pairs named in the message; the rest are counted."""


class MissingScoresError(ScreeningError):
    """Some solution has no score on some criterion, so it cannot be ranked fairly.

    ``missing`` lists every ``(solution, criterion)`` pair without a score. A screening refuses to
    rank rather than guess: a missing score read as the scale's bottom would punish a solution
    for a panel's oversight, and one left out would rank it on fewer criteria than the others.
    """

    def __init__(self, missing: Sequence[tuple[str, str]]) -> None:
        self.missing = list(missing)
        named = ", ".join(
            f"{solution} on {criterion}" for solution, criterion in missing[:MISSING_SHOWN]
        )
        more = len(missing) - MISSING_SHOWN
        rest = f" and {more} more" if more > 0 else ""
        super().__init__(
            f"no score for {named}{rest}; every solution needs a score on every criterion "
            "before it can be ranked"
        )

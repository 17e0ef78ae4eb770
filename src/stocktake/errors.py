"""Errors a person can act on.

Every error raised on bad input is a ``ValueError`` subclass of ours whose message is one sentence
naming what is wrong and, where there is one, the file, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar


class StocktakeError(ValueError):
    """Base class of every input error Stocktake raises on purpose."""


class FrameworkError(StocktakeError):
    """A framework file is missing, malformed or does not follow the schema."""


class UnknownFrameworkError(FrameworkError):
    """No framework with the requested id is bundled or was given."""


Located = TypeVar("Located", bound="LocatedError")


class LocatedError(StocktakeError):
    """An input error that knows where it is: ``source`` (a file), ``row`` and ``column``.

    ``row`` counts like a spreadsheet does (the header is row 1, the first data row 2), so the
    message points at the cell a person would open. ``code`` names the problem and ``params``
    holds its values, so that an interface can say it in its reader's language (the message is
    English, for the command line); an empty code is a problem told in English everywhere.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.detail = message
        self.source = source
        self.row = row
        self.column = column
        self.code = code
        self.params = dict(params or {})
        super().__init__(self._compose())

    def restated(self, kind: type[Located], **params: object) -> Located:
        """The same problem at the same place as another kind of error, ``params`` added (a
        reader's error raised as its caller's, or with the sheet it was found on)."""
        return kind(
            self.detail,
            source=self.source,
            row=self.row,
            column=self.column,
            code=self.code,
            params={**self.params, **params},
        )

    def _compose(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail


class FileError(LocatedError):
    """A file cannot be read as what it claims to be, or holds a cell no one could have meant.

    Raised by :mod:`stocktake.io` for a missing file, text that is not UTF-8, malformed CSV, XLSX
    or YAML, and cells such as a number of 5,000 digits; the readers built on it (answers files,
    composite tables, specifications) turn it into their own error with the same place.
    """


class AnswerError(LocatedError):
    """An answer does not fit its indicator, or an answers file is malformed."""

    def located(self, *, source: str | None = None, row: int | None = None) -> AnswerError:
        """Return a copy of this error with the file and row filled in where they were unknown."""
        return AnswerError(
            self.detail,
            source=self.source or source,
            row=self.row if self.row is not None else row,
            column=self.column,
        )

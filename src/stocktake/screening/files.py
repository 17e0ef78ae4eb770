"""Criteria and scores files, CSV or XLSX, read by the one table reader and checked cell by cell.

Criteria: one row per criterion.

==============  ========  =================================================================
column          needed    what it holds
==============  ========  =================================================================
``criterion``   yes       the criterion's code, as the scores file names it
``weight``      yes       a number of 0 or more; weights are normalised to sum to one
``direction``   yes       ``benefit`` (higher is better) or ``cost`` (lower is better)
``min, max``    no        the scale's lowest and highest score, both or neither
``name``        no        the name in English; ``name_ja``, ``name_zh_hant`` … in others
==============  ========  =================================================================

Scores: one row per score, ``solution,criterion,score`` and, for a panel, ``scorer`` (several
scorers' rows per solution and criterion, combined by their median). Without a ``scorer`` column a
solution is scored once per criterion.

Every problem raises :class:`~stocktake.screening.errors.ScreeningFileError` naming the file,
the row (as a spreadsheet numbers it, the header being row 1) and the column; the table reader
(:func:`stocktake.io.tables.read_table`) has already refused what no table should hold (text that
is not UTF-8, a quote never closed, a column named twice; a byte-order mark is read as nothing).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stocktake.errors import FileError
from stocktake.frameworks.text import canonical_tag
from stocktake.io.tables import Table, cell_text, is_blank, read_table
from stocktake.numbers import read_number, shortened, shown
from stocktake.screening.criteria import (
    DIRECTIONS,
    LARGEST,
    TOO_LARGE,
    Criterion,
    Direction,
    exact,
)
from stocktake.screening.errors import ScreeningFileError
from stocktake.screening.scores import Score

CRITERIA_COLUMNS = ("criterion", "weight", "direction")
SCALE_COLUMNS = ("min", "max")
SCORES_COLUMNS = ("solution", "criterion", "score")
SCORER_COLUMN = "scorer"
NAME_PREFIX = "name_"
MAX_ROWS = 100_000
"""Rows per file: a panel of ten departments scoring a hundred solutions on twenty criteria
writes 20,000; beyond this a file is a mistake."""


def read_criteria(path: str | Path) -> tuple[Criterion, ...]:
    """The criteria of a CSV or XLSX file, in file order (see the module for its columns)."""
    table = _table(path, "a criteria file")
    _check_header(table, CRITERIA_COLUMNS, optional=SCALE_COLUMNS, names=True)
    criteria: list[Criterion] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(table, number, cells)
        criterion = _criterion(row)
        if criterion.id in first_row:
            first = first_row[criterion.id]
            raise row.error(
                "criterion",
                f"row {first} already defines {criterion.id}; keep one",
                code="duplicate",
                first=first,
            )
        first_row[criterion.id] = number
        criteria.append(criterion)
    if not criteria:
        raise ScreeningFileError(
            "the file has a header but no criteria", source=table.source, code="no_rows"
        )
    if sum(criterion.weight for criterion in criteria) <= 0:
        raise ScreeningFileError(
            "every weight is 0; give at least one criterion a weight above 0",
            source=table.source,
            column="weight",
            code="zero_weights",
        )
    return tuple(criteria)


def _criterion(row: _Row) -> Criterion:
    code = row.text("criterion", required=True)
    weight = row.number("weight")
    if weight < 0:
        raise row.error(
            "weight",
            f"{weight:g} is negative; a weight is a number of 0 or more",
            code="negative_weight",
            value=f"{weight:g}",
        )
    if weight > LARGEST:
        raise row.error(
            "weight", f"{exact(weight)} is {TOO_LARGE}", code="too_large", value=exact(weight)
        )
    direction = row.text("direction", required=True).lower()
    if direction not in DIRECTIONS:
        raise row.error(
            "direction",
            f"'{shown(direction)}' is not a direction; write benefit (higher is better) or "
            "cost (lower is better)",
            code="bad_direction",
            value=shortened(direction),
        )
    return Criterion(
        id=code,
        weight=weight,
        direction=_direction(direction),
        scale=_scale(row),
        names=row.names(),
    )


def _direction(text: str) -> Direction:
    return "cost" if text == "cost" else "benefit"


def _scale(row: _Row) -> tuple[float, float] | None:
    given = [name for name in SCALE_COLUMNS if name in row.table.columns and not row.blank(name)]
    if not given:
        return None
    if len(given) == 1:
        absent = "max" if given[0] == "min" else "min"
        raise row.error(
            absent,
            "give the scale's lowest and highest score (min and max), or neither",
            code="half_scale",
        )
    low, high = row.number("min"), row.number("max")
    for column, bound in (("min", low), ("max", high)):
        if abs(bound) > LARGEST:
            raise row.error(
                column, f"{exact(bound)} is {TOO_LARGE}", code="too_large", value=exact(bound)
            )
    if low >= high:
        raise row.error(
            "max",
            f"the scale's max ({high:g}) must be above its min ({low:g})",
            code="scale_order",
            low=f"{low:g}",
            high=f"{high:g}",
        )
    return low, high


def read_scores(path: str | Path, criteria: Sequence[Criterion]) -> list[Score]:
    """The scores of a CSV or XLSX file, each checked against ``criteria``."""
    table = _table(path, "a scores file")
    _check_header(table, SCORES_COLUMNS, optional=(SCORER_COLUMN,))
    by_id = {criterion.id: criterion for criterion in criteria}
    panel = SCORER_COLUMN in table.columns
    first_row: dict[tuple[str, str, str], int] = {}
    scores: list[Score] = []
    for number, cells in table.rows:
        row = _Row(table, number, cells)
        score = _score(row, by_id, panel)
        key = (score.solution, score.criterion, score.scorer)
        if key in first_row:
            raise row.error(SCORER_COLUMN if panel else "criterion", _twice(score, first_row[key]))
        first_row[key] = number
        scores.append(score)
    if not scores:
        raise ScreeningFileError("the file has a header but no scores", source=table.source)
    return scores


def _score(row: _Row, criteria: dict[str, Criterion], panel: bool) -> Score:
    solution = row.text("solution", required=True)
    code = row.text("criterion", required=True)
    criterion = criteria.get(code)
    if criterion is None:
        known = ", ".join(criteria)
        raise row.error(
            "criterion", f"there is no criterion {shown(code)}; the criteria are {known}"
        )
    value = row.number("score")
    if not criterion.admits(value):
        if criterion.scale is None:  # a finite number is refused only off a scale, or too large
            raise row.error("score", f"{exact(value)} is {TOO_LARGE}")
        low, high = criterion.scale
        raise row.error("score", f"{value:g} is outside the scale of {code}, {low:g} to {high:g}")
    scorer = row.text(SCORER_COLUMN, required=True) if panel else ""
    return Score(solution, code, value, scorer)


def _twice(score: Score, first: int) -> str:
    if score.scorer:
        return (
            f"row {first} already has {score.scorer}'s score of {score.solution} on "
            f"{score.criterion}; keep one"
        )
    return (
        f"row {first} already scores {score.solution} on {score.criterion}; add a scorer column "
        "to give several scorers' scores"
    )


# -- tables, headers and cells ---------------------------------------------------------------


def _table(path: str | Path, what: str) -> Table:
    return read_table(
        path, column_name=lambda cell: cell_text(cell).lower(), what=what, max_rows=MAX_ROWS
    )


def _check_header(
    table: Table, needed: Sequence[str], *, optional: Sequence[str], names: bool = False
) -> None:
    for name in needed:
        if name not in table.columns:
            raise ScreeningFileError(
                f"the header has no column {name}; it needs {', '.join(needed)}",
                source=table.source,
                row=table.header_row,
                column=name,
                code="missing_column",
                params={"needed": ", ".join(needed)},
            )
    for name in table.columns:
        known = name in needed or name in optional or not name
        if not known and not (names and (name == "name" or name.startswith(NAME_PREFIX))):
            allowed = ", ".join([*needed, *optional, *(["name", "name_ja …"] if names else [])])
            raise ScreeningFileError(
                f"the column {name} is not one this file has; its columns are {allowed}",
                source=table.source,
                row=table.header_row,
                column=name,
                code="unknown_column",
                params={"allowed": allowed},
            )


def language_tag(suffix: str) -> str:
    """A column suffix as a BCP 47 tag: ``zh_hant`` and ``zh-hant`` -> ``zh-Hant``."""
    return canonical_tag(suffix)


class _Row:
    """One data row's cells by column name, and errors that name the row and the column."""

    def __init__(self, table: Table, number: int, cells: list[Any]) -> None:
        self.table = table
        self.row_number = number
        self.cells = dict(zip(table.columns, cells, strict=True))

    def error(
        self, column: str, message: str, *, code: str = "", **params: object
    ) -> ScreeningFileError:
        return ScreeningFileError(
            message,
            source=self.table.source,
            row=self.row_number,
            column=column,
            code=code,
            params=params,
        )

    def blank(self, column: str) -> bool:
        return is_blank(self.cells.get(column))

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell's text as :func:`canonical_name` writes it: "Café" typed in two ways by
        two scorers is one solution, not two that look alike."""
        value = canonical_name(cell_text(self.cells.get(column)))
        if required and not value:
            raise self.error(column, f"the {column} is missing", code="required")
        return value

    def number(self, column: str) -> float:
        """A finite number; text that is not one (``nan``, ``inf``, ``three``) is refused.

        Full-width digits, signs and points (``５``, ``－１．５``), as East Asian keyboards type
        them and as the web forms accept them, are read as their plain forms.
        """
        cell = self.cells.get(column)
        if is_blank(cell):
            raise self.error(
                column, f"the {column} is missing; write a number", code="missing_number"
            )
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            value: float | None = float(cell)
        else:
            try:
                found = read_number(narrowed(cell_text(cell)))
            except FileError as exc:  # too large, other digits, an underscore: the reader says
                params = exc.params or {"value": shortened(cell_text(cell))}
                raise self.error(
                    column, exc.detail, code=exc.code or "not_a_number", **params
                ) from None
            value = None if found is None else float(found)
        if value is None or not math.isfinite(value):
            text = cell_text(cell)
            raise self.error(
                column,
                f"'{shown(text)}' is not a number",
                code="not_a_number",
                value=shortened(text),
            )
        return value

    def names(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for column, cell in self.cells.items():
            if column == "name" or column.startswith(NAME_PREFIX):
                tag = "en" if column == "name" else language_tag(column[len(NAME_PREFIX) :])
                if canonical_name(cell_text(cell)):
                    found[tag] = canonical_name(cell_text(cell))
        return found


_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Characters that show nothing: soft hyphen, zero-width spaces and joiners, direction marks,
the byte-order mark."""
_SPACES = re.compile(r"\s+")


def canonical_name(text: str) -> str:
    """A name (of a solution, a criterion, a scorer) in one way of writing it: NFKC (full-width
    ``Ｃａｆé`` and a decomposed ``é`` as their usual forms), without characters that show
    nothing, and with runs of spaces as one space, trimmed.

    Two names that look alike on a page are then the same name, in files as on the web, where
    a candidate is refused when its name is one already there. NFKC suits names, which nobody
    reads as numbers; numbers keep their own narrower rule (:func:`narrowed`).
    """
    plain = _FORMAT.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", plain).strip()


def narrowed(text: str) -> str:
    """Full-width and half-width forms (U+FF00–U+FFEF) in their compatibility form (NFKC), and
    the minus sign (U+2212) as a hyphen-minus.

    Only this block is normalised: NFKC of the whole text would also read a superscript as a
    digit (``5²`` as ``52``) and a circled ``①`` as ``1``, numbers no one typed. The web's
    screening forms read numbers through this too, so a file and a form agree.
    """
    return "".join(
        unicodedata.normalize("NFKC", character)
        if "\uff00" <= character <= "\uffef"
        else "-"
        if character == "\u2212"
        else character
        for character in text
    )


def criteria_table(criteria: Sequence[Criterion]) -> tuple[list[str], list[list[Any]]]:
    """The criteria as a file's header and rows, which :func:`read_criteria` reads back."""
    languages = sorted({tag for c in criteria for tag in c.names if tag != "en"})
    header = [*CRITERIA_COLUMNS, *SCALE_COLUMNS, "name"]
    header += [f"{NAME_PREFIX}{tag.lower().replace('-', '_')}" for tag in languages]
    rows = [
        [
            c.id,
            c.weight,
            c.direction,
            *(c.scale if c.scale is not None else (None, None)),
            c.names.get("en", ""),
            *(c.names.get(tag, "") for tag in languages),
        ]
        for c in criteria
    ]
    return header, rows

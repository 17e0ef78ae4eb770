"""Answers files: one row per answer, in CSV (UTF-8, with or without BOM) or XLSX.

Columns ``indicator`` and ``value`` are required; ``city``, ``department``, ``confidence``,
``importance``, ``support_needed`` (semicolon-separated support kind ids), ``evidence``, ``comment``
and ``reconciled`` are optional. Header names are case-insensitive and trimmed. Blank rows are
skipped; a blank value stays a blank answer, never a zero.

Every error is an :class:`~stocktake.errors.AnswerError` naming the file, the row as a spreadsheet
numbers it (the header is row 1) and the column, so a person can open the file and fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from stocktake.answers import (
    CONFIDENCE_LEVELS,
    Answer,
    AnswerValue,
    Confidence,
    indicator_points,
)
from stocktake.errors import AnswerError
from stocktake.frameworks.schema import ChoiceIndicator, Framework, Indicator
from stocktake.io.tables import file_kind, is_blank, iter_nonblank, read_rows, write_csv, write_xlsx

REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "value")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "city",
    "department",
    "confidence",
    "importance",
    "support_needed",
    "evidence",
    "comment",
    "reconciled",
)
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
"""Every column of an answers file, in the order :func:`write_answers` writes them."""

_BOM = "\ufeff"
"""A byte-order mark left inside a cell when files were joined end to end."""
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")


def read_answers(path: str | Path, *, framework: Framework | None = None) -> list[Answer]:
    """Read an answers file; with ``framework``, check every row against it.

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file. In a workbook, the sheet named ``answers`` is read, or the
        first sheet when there is none.
    framework
        When given, each row's indicator must exist, its value must fit the indicator's scale and
        its support kinds must be declared by the framework.

    Returns
    -------
    list of Answer
        In file order. Numbers are read as numbers (``3`` as an int, ``12.5`` as a float); other
        values stay text.

    Raises
    ------
    AnswerError
        On a file that is not CSV or XLSX, cannot be decoded, misses a required column or has an
        unknown one, and on any row that does not fit, naming file, row and column.
    """
    path = Path(path)
    source = str(path)
    rows = list(iter_nonblank(read_rows(path)))
    if not rows:
        raise AnswerError(
            "the file is empty; it needs a header row with indicator and value", source=source
        )
    header_row, header_cells = rows[0]
    columns = _columns(header_cells, source, header_row)
    answers = []
    for number, cells in rows[1:]:
        _check_width(cells, columns, source, number)
        record = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
        try:
            answers.append(_answer(record, framework))
        except AnswerError as exc:
            raise exc.located(source=source, row=number) from None
    return answers


def write_answers(answers: Iterable[Answer], path: str | Path) -> None:
    """Write answers as CSV or XLSX, chosen by the file's suffix, in the layout read back above.

    Yes/no values are written as ``yes``/``no``; a blank value as an empty cell.
    """
    path = Path(path)
    kind = file_kind(path)
    rows = [_cells(answer, spreadsheet=kind == "xlsx") for answer in answers]
    if kind == "csv":
        write_csv(path, COLUMNS, rows)
    else:
        write_xlsx(path, COLUMNS, rows)


# -- the header ------------------------------------------------------------------------------


def _column_name(cell: Any) -> str:
    return re.sub(r"[\s-]+", "_", _text(cell).lower())


def _columns(header: Sequence[Any], source: str, row: int) -> dict[int, str]:
    """Map cell positions to column names, refusing unknown, duplicate or missing columns."""
    names = [_column_name(cell) for cell in header]
    unknown = [
        str(header[i]).strip() for i, name in enumerate(names) if name and name not in COLUMNS
    ]
    if unknown:
        raise AnswerError(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"the columns are {', '.join(COLUMNS)}",
            source=source,
            row=row,
        )
    duplicated = sorted({name for name in names if name and names.count(name) > 1})
    if duplicated:
        raise AnswerError(
            f"the column{'s' if len(duplicated) > 1 else ''} {', '.join(duplicated)} "
            "appear more than once in the header",
            source=source,
            row=row,
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise AnswerError(
            f"the header has no {' and no '.join(missing)} column; an answers file needs "
            "indicator and value",
            source=source,
            row=row,
        )
    return {i: name for i, name in enumerate(names) if name}


def _check_width(cells: Sequence[Any], columns: dict[int, str], source: str, row: int) -> None:
    stray = [i for i, cell in enumerate(cells) if i not in columns and not is_blank(cell)]
    if stray:
        raise AnswerError(
            f"cell {stray[0] + 1} of this row has a value but its column has no header",
            source=source,
            row=row,
        )


# -- one row ---------------------------------------------------------------------------------


def _answer(record: dict[str, Any], framework: Framework | None) -> Answer:
    indicator_id = _text(record.get("indicator"))
    if not indicator_id:
        raise AnswerError("the indicator is missing", column="indicator")
    indicator = _indicator(framework, indicator_id) if framework is not None else None
    value = _value(record.get("value"), keep_text=isinstance(indicator, ChoiceIndicator))
    if indicator is not None:
        indicator_points(
            indicator, value
        )  # raises AnswerError(column="value") when it does not fit
    support = _support(record.get("support_needed"), framework)
    return Answer(
        indicator=indicator_id,
        value=value,
        city=_text(record.get("city")),
        department=_text(record.get("department")),
        confidence=_confidence(record.get("confidence")),
        importance=_importance(record.get("importance")),
        support_needed=support,
        evidence=_text(record.get("evidence")),
        comment=_text(record.get("comment")),
        reconciled=_flag(record.get("reconciled")),
    )


def _text(cell: Any) -> str:
    if is_blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).replace(_BOM, "").strip()


def _indicator(framework: Framework, indicator_id: str) -> Indicator:
    try:
        return framework.indicator(indicator_id)
    except KeyError:
        raise AnswerError(
            f"there is no indicator '{indicator_id}' in the framework {framework.id}",
            column="indicator",
        ) from None


def _value(cell: Any, *, keep_text: bool = False) -> AnswerValue:
    """The typed value: numbers as numbers, other text trimmed, blank as ``None``."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool | int | float):
        return cell
    text = str(cell).strip()
    if keep_text:
        return text
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    return text


def _support(cell: Any, framework: Framework | None) -> tuple[str, ...]:
    kinds = tuple(part.strip() for part in _text(cell).split(";") if part.strip())
    if framework is None:
        return kinds
    known = [kind.id for kind in framework.support_kinds]
    for kind in kinds:
        if kind not in known:
            raise AnswerError(
                f"'{kind}' is not a kind of support of the framework {framework.id}; "
                f"use {', '.join(known) or 'none'}, separated by semicolons",
                column="support_needed",
            )
    return kinds


def _confidence(cell: Any) -> Confidence | None:
    text = _text(cell).lower()
    if not text:
        return None
    if text not in CONFIDENCE_LEVELS:
        raise AnswerError(
            f"confidence must be low, medium or high, but it is '{_text(cell)}'",
            column="confidence",
        )
    return cast(Confidence, text)


def _importance(cell: Any) -> int | None:
    value = _value(cell)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise AnswerError(
            f"importance must be a whole number from 1 to 5, but it is '{_text(cell)}'",
            column="importance",
        )
    return value


def _flag(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _text(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AnswerError(
        f"reconciled must be yes, no, true, false, 1 or 0, but it is '{_text(cell)}'",
        column="reconciled",
    )


# -- writing ---------------------------------------------------------------------------------


def _cells(answer: Answer, *, spreadsheet: bool) -> list[Any]:
    return [
        answer.indicator,
        _written_value(answer.value, spreadsheet=spreadsheet),
        answer.city,
        answer.department,
        answer.confidence or "",
        "" if answer.importance is None else answer.importance,
        ";".join(answer.support_needed),
        answer.evidence,
        answer.comment,
        "yes" if answer.reconciled else "no",
    ]


def _written_value(value: AnswerValue, *, spreadsheet: bool) -> Any:
    if value is None:
        return None if spreadsheet else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and not spreadsheet:
        return repr(value)
    return value

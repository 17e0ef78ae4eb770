"""Answers files: one row per answer, in CSV (UTF-8, with or without BOM) or XLSX.

Columns ``indicator`` and ``value`` are required; ``city``, ``department``, ``confidence``,
``importance``, ``support_needed`` (semicolon-separated support kind ids), ``evidence``, ``comment``
and ``reconciled`` are optional. Header names are case-insensitive and trimmed. Blank rows are
skipped; a blank value stays a blank answer, never a zero.

The file is read by :func:`stocktake.io.tables.read_table`, with its checks of encoding, quoting,
workbook cells and header. On top, an answers file holds one answer per city, department and
indicator, and one reconciled answer per city and indicator: a second row for the same is refused,
since which of the two counts would otherwise depend on the order of the rows.

Every error is an :class:`~stocktake.errors.AnswerError` naming the file, the row as a spreadsheet
numbers it (the header is row 1) and the column, so a person can open the file and fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

from stocktake.answers import (
    CONFIDENCE_LEVELS,
    Answer,
    AnswerValue,
    Confidence,
    indicator_points,
)
from stocktake.errors import AnswerError, FileError
from stocktake.frameworks.schema import ChoiceIndicator, Framework, Indicator
from stocktake.io.cells import read_number
from stocktake.io.spreadsheets import Sheet, write_csv, write_xlsx
from stocktake.io.tables import Table, cell_text, file_kind, is_blank, read_table

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
READ_ONLY_COLUMNS: tuple[str, ...] = ("question", "link")
"""Columns an offline questionnaire adds (the indicator's text, a link to evidence): accepted and
skipped here, since an analysis needs neither."""

ANSWERS_SHEET = "answers"
"""The sheet read from a workbook when it has one, and the sheet :func:`write_answers` writes."""
_WHAT = "an answers file"
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}


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
        In file order. Numbers written with 0–9 are read as numbers (``3`` as an int, ``12.5`` as
        a float); other values stay text.

    Raises
    ------
    AnswerError
        On a file that is not CSV or XLSX, cannot be decoded or parsed, misses a required column
        or has an unknown one, on a row that does not fit and on a second row for the same city,
        department and indicator, naming file, row and column.
    """
    try:
        table = read_table(path, prefer_sheet=ANSWERS_SHEET, column_name=_column_name, what=_WHAT)
    except FileError as exc:
        raise _answer_error(exc) from None
    _check_columns(table)
    first_rows: dict[tuple[Any, ...], int] = {}
    answers = []
    for number, cells in table.rows:
        record = {name: cell for name, cell in zip(table.columns, cells, strict=True) if name}
        try:
            answer = _answer(record, framework)
            _check_once(answer, number, first_rows)
        except AnswerError as exc:
            raise exc.located(source=table.source, row=number) from None
        answers.append(answer)
    return answers


def write_answers(
    answers: Iterable[Answer], target: str | Path | IO[bytes], *, kind: str | None = None
) -> None:
    """Write answers as CSV or XLSX in the layout :func:`read_answers` reads back.

    ``target`` is a path (the format from its suffix unless ``kind`` is given) or a binary stream
    such as an HTTP response (``kind`` is then ``"csv"`` or ``"xlsx"``). A file is written whole or
    not at all; text that a spreadsheet would run as a formula is neutralised.
    """
    if kind is None:
        if not isinstance(target, str | Path):
            raise AnswerError("say whether to write csv or xlsx (kind) when writing to a stream")
        kind = file_kind(Path(target), what=_WHAT)
    if kind not in ("csv", "xlsx"):
        raise AnswerError(f"answers are written as csv or xlsx, not {kind!r}")
    sheet = answers_sheet(answers)
    if kind == "csv":
        write_csv(target, sheet.header, sheet.rows)
    else:
        write_xlsx(target, [sheet])


def answers_sheet(answers: Iterable[Answer]) -> Sheet:
    """The ``answers`` sheet of :func:`write_answers`, for a workbook that has other sheets too.

    Yes/no values are written as ``yes``/``no``, a blank value as an empty cell, and a value
    stored as text that is a number (as the web application stores them) as that number.
    """
    return Sheet(ANSWERS_SHEET, COLUMNS, [_cells(answer) for answer in answers])


# -- the header ------------------------------------------------------------------------------


def _column_name(cell: Any) -> str:
    return re.sub(r"[\s-]+", "_", cell_text(cell).lower())


def _check_columns(table: Table) -> None:
    """Refuse unknown columns and a header without indicator or value."""
    unknown = [
        label
        for name, label in zip(table.columns, table.labels, strict=True)
        if name and name not in COLUMNS and name not in READ_ONLY_COLUMNS
    ]
    if unknown:
        raise AnswerError(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"the columns are {', '.join(COLUMNS)}",
            source=table.source,
            row=table.header_row,
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if missing:
        raise AnswerError(
            f"the header has no {' and no '.join(missing)} column; an answers file needs "
            "indicator and value",
            source=table.source,
            row=table.header_row,
        )


def _answer_error(error: FileError) -> AnswerError:
    return AnswerError(error.detail, source=error.source, row=error.row, column=error.column)


def _check_once(answer: Answer, row: int, first_rows: dict[tuple[Any, ...], int]) -> None:
    """Refuse a second answer of a department to an indicator, or a second reconciled one."""
    if answer.reconciled:
        key: tuple[Any, ...] = (True, answer.city, answer.indicator)
    else:
        key = (False, answer.city, answer.department, answer.indicator)
    first = first_rows.setdefault(key, row)
    if first == row:
        return
    city = f" in city '{answer.city}'" if answer.city else ""
    if answer.reconciled:
        raise AnswerError(
            f"a second reconciled answer to {answer.indicator}{city} (the first is on row "
            f"{first}); keep one reconciled row per indicator",
            column="indicator",
        )
    who = f"department '{answer.department}'" if answer.department else "no department"
    raise AnswerError(
        f"a second answer to {answer.indicator} from {who}{city} (the first is on row {first}); "
        "keep one row per department and indicator",
        column="indicator",
    )


# -- one row ---------------------------------------------------------------------------------


def answer_from_record(record: dict[str, Any], framework: Framework | None) -> Answer:
    """One answer from cells named as an answers file names its columns, checked against the
    framework; other readers (exports of form servers) reuse the same checks through it."""
    return _answer(record, framework)


def _answer(record: dict[str, Any], framework: Framework | None) -> Answer:
    indicator_id = cell_text(record.get("indicator"))
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
        city=cell_text(record.get("city")),
        department=cell_text(record.get("department")),
        confidence=_confidence(record.get("confidence")),
        importance=_importance(record.get("importance")),
        support_needed=support,
        evidence=cell_text(record.get("evidence")),
        comment=cell_text(record.get("comment")),
        reconciled=_flag(record.get("reconciled")),
    )


def _indicator(framework: Framework, indicator_id: str) -> Indicator:
    try:
        return framework.indicator(indicator_id)
    except KeyError:
        raise AnswerError(
            f"there is no indicator '{indicator_id}' in the framework {framework.id}",
            column="indicator",
        ) from None


def _value(cell: Any, *, keep_text: bool = False, column: str = "value") -> AnswerValue:
    """The typed value: numbers as numbers, other text trimmed, blank as ``None``."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool | int | float):
        return cell  # from a workbook, already checked to be finite
    text = str(cell).strip()
    if keep_text:
        return text
    try:
        number = read_number(text)
    except FileError as exc:
        raise AnswerError(exc.detail, column=column) from None
    return text if number is None else number


def _support(cell: Any, framework: Framework | None) -> tuple[str, ...]:
    kinds = tuple(part.strip() for part in cell_text(cell).split(";") if part.strip())
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
    text = cell_text(cell).lower()
    if not text:
        return None
    if text not in CONFIDENCE_LEVELS:
        raise AnswerError(
            f"confidence must be low, medium or high, but it is '{cell_text(cell)}'",
            column="confidence",
        )
    return cast(Confidence, text)


def _importance(cell: Any) -> int | None:
    value = _value(cell, column="importance")
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise AnswerError(
            f"importance must be a whole number from 1 to 5, but it is '{cell_text(cell)}'",
            column="importance",
        )
    return value


def _flag(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AnswerError(
        f"reconciled must be yes, no, true, false, 1 or 0, but it is '{cell_text(cell)}'",
        column="reconciled",
    )


# -- writing ---------------------------------------------------------------------------------


def _cells(answer: Answer) -> list[Any]:
    return [
        answer.indicator,
        written_value(answer.value),
        answer.city,
        answer.department,
        answer.confidence,
        answer.importance,
        ";".join(answer.support_needed),
        answer.evidence,
        answer.comment,
        "yes" if answer.reconciled else "no",
    ]


def written_value(value: AnswerValue) -> Any:
    """A value as a cell: yes/no for booleans, and text that is a number (as the web application
    stores answers) as that number, so a spreadsheet sums it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        try:
            number = read_number(value)
        except FileError:
            return value
        return value if number is None else number
    return value

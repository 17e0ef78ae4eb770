"""An uploaded import file read into sheets of rows, and the template to fill in.

A workbook has a sheet for each of cities, departments and people (a missing sheet is empty);
a CSV file is one of them, told by its header. The core's reader checks the file itself
(encoding, quotes, cells no one could mean) and its sentences name the row and column.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from stocktake.errors import FileError
from stocktake.io.spreadsheets import Sheet, csv_text, write_xlsx
from stocktake.io.tables import Table, cell_text, read_table
from stocktake_web.file_problems_in_words import located
from stocktake_web.secretariat.domain.imports import COLUMNS, MAX_ROWS, Problem, Rows

MAX_BYTES = 5 * 1024 * 1024
"""Largest file accepted: thousands of rows take a few hundred kilobytes."""

EXAMPLE_ROWS: dict[str, list[list[str]]] = {
    "cities": [
        ["riverside", "Riverside", "河濱市", "リバーサイド", "TW", "city", "320000", "East Asia"]
    ],
    "departments": [["riverside", "environment", "Environment", "環境保護局", "環境局"]],
    "people": [
        ["rita", "rita@example.org", "Rita Chen", "coordinator", "riverside", ""],
        ["ray", "ray@example.org", "Ray Lin", "respondent", "riverside", "environment"],
    ],
}


class UnreadableFile(ValueError):
    """The upload is not a CSV or XLSX file this page can read; the sentence says why."""


def read_upload(upload: UploadedFile) -> dict[str, Rows]:
    """The upload's sheets, each as rows of cells by column name (lower case, trimmed)."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UnreadableFile(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if (upload.size or 0) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 5 MB; split it."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"import{suffix}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        try:
            return _csv_sheet(path) if suffix == ".csv" else _workbook_sheets(path)
        except FileError as exc:
            raise UnreadableFile(located(exc)) from None


def _rows(table: Table) -> Rows:
    return [
        (
            number,
            {column: cell_text(cell) for column, cell in zip(table.columns, cells, strict=True)},
        )
        for number, cells in table.rows
    ]


def _lower(cell: object) -> str:
    return cell_text(cell).lower()


def _csv_sheet(path: Path) -> dict[str, Rows]:
    table = read_table(path, column_name=_lower, what="an import file", max_rows=MAX_ROWS)
    columns = set(table.columns)
    sheet = "people" if "username" in columns else "cities" if "country" in columns else None
    if sheet is None and {"city", "slug"} <= columns:
        sheet = "departments"
    if sheet is None:
        raise UnreadableFile(
            _("The header names none of the template's sheets; start from the template.")
        )
    return {sheet: _rows(table)}


def _workbook_sheets(path: Path) -> dict[str, Rows]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
        names = list(workbook.sheetnames)
        workbook.close()
    except Exception:  # a broken archive raises zipfile, XML, key errors…
        raise UnreadableFile(
            _("The file is not a readable Excel workbook; save it again as .xlsx.")
        ) from None
    found = {name.strip().lower(): name for name in names}
    if not set(found) & set(COLUMNS):
        raise UnreadableFile(
            _(
                "The workbook has none of the sheets cities, departments, people; "
                "start from the template."
            )
        )
    sheets: dict[str, Rows] = {}
    for sheet in COLUMNS:
        if sheet not in found:
            continue
        try:
            table = read_table(path, sheet=found[sheet], column_name=_lower, max_rows=MAX_ROWS)
            sheets[sheet] = _rows(table)
        except FileError as exc:  # a workbook's problem is on one of its sheets: say which
            raise UnreadableFile(
                _("Sheet “%(sheet)s”: %(problem)s")
                % {"sheet": found[sheet], "problem": located(exc)}
            ) from None
    return sheets


def template_xlsx() -> bytes:
    """The workbook to fill in: a sheet per table, its header and an example row or two."""
    sheets = [
        Sheet(title=name, header=columns, rows=EXAMPLE_ROWS[name])
        for name, columns in COLUMNS.items()
    ]
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def template_csv(sheet: str) -> str:
    return csv_text(COLUMNS[sheet], EXAMPLE_ROWS[sheet])


def problem_rows(problems: list[Problem]) -> list[Problem]:
    """The problems in the order of the file: sheet by sheet, row by row."""
    order = {name: index for index, name in enumerate(COLUMNS)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or ""))

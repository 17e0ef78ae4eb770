"""Raw rows of CSV and XLSX files: the part of reading answers that knows about file formats.

Both readers yield ``(row_number, cells)`` where ``row_number`` counts like a spreadsheet (the
header is row 1) so that an error can point a person at the row they would see in Excel, and
``cells`` are the values as stored (strings from CSV; strings, numbers, booleans or ``None`` from
XLSX).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from stocktake.errors import AnswerError

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ANSWERS_SHEET = "answers"

Row = tuple[int, list[Any]]


def file_kind(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file's suffix; anything else is not an answers file."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise AnswerError(
        "an answers file must be a CSV file (.csv) or an Excel workbook (.xlsx); "
        f"'{path.suffix or 'no suffix'}' is neither",
        source=str(path),
    )


def read_rows(path: Path) -> list[Row]:
    """Every row of the file, numbered from 1; raises :class:`AnswerError` naming the file."""
    if not path.exists():
        # Without a suffix the path may well have been meant as a folder of answers files.
        missing = "there is no such file" if path.suffix else "there is no such file or folder"
        raise AnswerError(missing, source=str(path))
    if path.is_dir():
        raise AnswerError("this is a folder, not an answers file", source=str(path))
    kind = file_kind(path)
    return _csv_rows(path) if kind == "csv" else _xlsx_rows(path)


def _csv_rows(path: Path) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerError(
            "the file is not UTF-8 text; save it again as 'CSV UTF-8'", source=str(path)
        ) from None
    header = text.split("\n", 1)[0]
    try:
        records = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header))
        )
    except csv.Error as exc:
        raise AnswerError(f"the file is not valid CSV ({exc})", source=str(path)) from None
    return [(number, list(cells)) for number, cells in enumerate(records, start=1)]


def _sniff_delimiter(header: str) -> str:
    """Commas, unless the header has none but semicolons or tabs (Excel in some locales)."""
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def _xlsx_rows(path: Path) -> list[Row]:
    # Imported here: openpyxl is slow to import and only this reader needs it.
    from openpyxl import load_workbook

    # openpyxl warns about workbook features it drops (data validation, some styles); the answers
    # are still read correctly, so those warnings would only alarm the person importing the file.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise AnswerError(
                f"the file is not a readable Excel workbook ({exc})", source=str(path)
            ) from None
        try:
            names = workbook.sheetnames
            chosen = next((n for n in names if n.strip().lower() == ANSWERS_SHEET), names[0])
            rows = workbook[chosen].iter_rows(values_only=True)
            return [(number, list(cells)) for number, cells in enumerate(rows, start=1)]
        finally:
            workbook.close()


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write UTF-8 with a byte-order mark, so that Excel shows Chinese, Japanese and Korean text."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write one sheet named ``answers`` with a frozen header row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = ANSWERS_SHEET
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    workbook.save(path)


def iter_nonblank(rows: list[Row]) -> Iterator[Row]:
    """Rows with at least one non-blank cell."""
    for number, cells in rows:
        if any(not is_blank(cell) for cell in cells):
            yield number, cells


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())

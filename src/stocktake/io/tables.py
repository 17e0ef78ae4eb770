"""The one reader of CSV and XLSX tables: a header row, then rows of cells, every cell checked.

Answers files and the composite index's unit data and metadata are all read here, so every table
gets the same checks, in time proportional to the file's size:

* the file exists, is CSV (UTF-8, with or without byte-order mark; commas, or semicolons or tabs
  as Excel writes them in some locales) or an XLSX workbook;
* a CSV quote that is never closed, or a stray quote inside a cell, is refused where it starts,
  instead of swallowing the rest of the file into one cell;
* XLSX number cells holding ``NaN``, ``INF``, text or thousands of digits are refused at their row
  and column (openpyxl itself stops with an error of its own there);
* XLSX formula cells whose value was never calculated (a workbook written by a program, not saved
  in a spreadsheet program) are refused at their row and column: they would read as blank;
* the header names each column once, and no cell of a data row lies outside the header;
* text cells lose byte-order marks left by joined files, and the quote :mod:`~stocktake.io.cells`
  puts before formula-like text in an export.

Rows are numbered as a spreadsheet numbers them (the first row is 1), blank rows are skipped but
keep their numbers, and errors are :class:`~stocktake.errors.FileError` naming file, row and
column.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.etree import ElementTree

from stocktake.errors import FileError
from stocktake.io.cells import MAX_EXACT_DIGITS, restored, shown
from stocktake.numbers import shortened

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
BOM = "\ufeff"
"""A byte-order mark: at the start of a UTF-8 file from Excel, or inside a cell of joined files."""

_FIRST_LINE = re.compile(r"[^\r\n]*")

Row = tuple[int, list[Any]]
"""A row's number as a spreadsheet counts it, and its cells (one per column of the header)."""
ColumnName = Callable[[Any], str]


@dataclass(frozen=True)
class Table:
    """A table as read: its header, named by the reader's rule, and its non-blank rows."""

    source: str
    columns: tuple[str, ...]
    """Column names in file order; ``""`` for a column without a header (its cells are blank)."""
    labels: tuple[str, ...]
    """The header cells as written (trimmed), for messages that quote them."""
    header_row: int
    rows: list[Row]


def file_kind(path: Path, *, what: str = "a table") -> str:
    """``csv`` or ``xlsx`` from the file's suffix; anything else is refused.

    ``what`` names the file in the message (``an answers file``).
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise FileError(
        f"{what} must be a CSV file (.csv) or an Excel workbook (.xlsx); "
        f"'{path.suffix or 'no suffix'}' is neither",
        source=str(path),
        code="wrong_kind",
    )


def read_table(
    path: str | Path,
    *,
    sheet: str | int = 0,
    prefer_sheet: str | None = None,
    column_name: ColumnName | None = None,
    what: str = "a table",
    max_rows: int | None = None,
    uncalculated: Literal["refuse", "mark"] = "refuse",
) -> Table:
    """Read a CSV file or one sheet of a workbook into a checked :class:`Table`.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx`` or ``.xlsm`` file.
    sheet
        The sheet of a workbook, by name or by position from 0; a missing sheet is an error.
    prefer_sheet
        A sheet name read instead of ``sheet`` when the workbook has it (case and surrounding
        spaces ignored), as answers workbooks may keep notes on other sheets.
    column_name
        How a header cell becomes a column name (by default its text, trimmed). Two cells with
        the same name are refused.
    what
        What the file should be, for messages (``an answers file``).
    max_rows
        Most rows with a value below the header; a longer file is refused as soon as its next
        row is read, so a small workbook that unpacks into a million rows is not read whole.
    uncalculated
        What to do with a workbook's formula whose value was never calculated: ``refuse`` the
        file at the first one, or ``mark`` each such cell as an :class:`UncalculatedFormula`
        for a reader that reports every problem of every row at once.

    Raises
    ------
    FileError
        Naming the file, and the row and column where there is one.
    """
    path = Path(path)
    source = str(path)
    if not path.exists():
        # Without a suffix the path may well have been meant as a folder of files.
        missing = "there is no such file" if path.suffix else "there is no such file or folder"
        raise FileError(missing, source=source)
    if path.is_dir():
        raise FileError(f"this is a folder, not {what}", source=source)
    if file_kind(path, what=what) == "csv":
        records = _csv_records(path, source)
    else:
        records = _xlsx_records(path, source, sheet, prefer_sheet, max_rows, uncalculated)
    return _table(records, source, column_name or cell_text, max_rows)


def cell_text(cell: Any) -> str:
    """A cell as trimmed text, ``""`` when blank; whole floats from spreadsheets lose ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# -- header and rows -------------------------------------------------------------------------


def _table(
    records: Iterable[Row], source: str, column_name: ColumnName, max_rows: int | None
) -> Table:
    rows = _limited(records, source, max_rows)
    first = next(rows, None)
    if first is None:
        raise FileError("the file is empty; it needs a header row", source=source, code="empty")
    header_row, header = first
    columns = _columns(header, source, header_row, column_name)
    labels = tuple(cell_text(cell) for cell in header[: len(columns)])
    width = len(columns)
    named = [bool(name) for name in columns]
    checked = []
    for number, cells in rows:
        for index, cell in enumerate(cells):
            if (index >= width or not named[index]) and not is_blank(cell):
                raise FileError(
                    f"cell {index + 1} of this row has a value but its column has no header",
                    source=source,
                    row=number,
                    column=column_letter(index),
                    code="no_header",
                )
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        checked.append((number, cells[:width]))
    return Table(source, columns, labels, header_row, checked)


def _limited(records: Iterable[Row], source: str, max_rows: int | None) -> Iterator[Row]:
    """The rows with a value (the header first), refused once more than ``max_rows`` follow it."""
    count = 0
    for row in records:
        if all(is_blank(cell) for cell in row[1]):
            continue
        count += 1
        if max_rows is not None and count > max_rows + 1:
            raise FileError(
                f"at most {max_rows} rows; split the file",
                source=source,
                code="too_many_rows",
                params={"limit": max_rows},
            )
        yield row


def _columns(header: list[Any], source: str, row: int, column_name: ColumnName) -> tuple[str, ...]:
    names = [column_name(cell) for cell in header]
    while names and not names[-1]:
        names.pop()
    first_of: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in first_of:
            raise FileError(
                f"the column {name} appears more than once in the header (columns "
                f"{column_letter(first_of[name])} and {column_letter(index)}); keep one",
                source=source,
                row=row,
                column=name,
                code="duplicate_column",
                params={"first": column_letter(first_of[name]), "second": column_letter(index)},
            )
        first_of[name] = index
    return tuple(names)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column counted from 0: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _text_cell(text: str) -> str:
    return restored(text.replace(BOM, "")) if text else text


# -- CSV -------------------------------------------------------------------------------------


def _csv_records(path: Path, source: str) -> Iterator[Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise FileError(
            f"the file is not UTF-8 text (line {line}); save it again as 'CSV UTF-8'",
            source=source,
            code="not_utf8",
            params={"line": line},
        ) from None
    header = _FIRST_LINE.match(text)
    delimiter = _sniff_delimiter(header.group() if header else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return _csv_rows(reader, source)


def _csv_rows(reader: Any, source: str) -> Iterator[Row]:
    """Rows of a strict CSV reader; a broken quote is reported on the row and line it starts."""
    number = 0
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            code, text = _csv_problem(str(exc), line)
            raise FileError(
                text, source=source, row=number + 1, code=code, params={"line": line}
            ) from None
        number += 1
        line = reader.line_num + 1
        yield number, [_text_cell(cell) for cell in cells]


def _csv_problem(message: str, line: int) -> tuple[str, str]:
    """The problem's code and its sentence."""
    if "unexpected end of data" in message:
        return "unclosed_quote", (
            f"a quote opens a cell on line {line} and is never closed, so the rest of the file "
            'would be read into that one cell; close the quote, or double it ("") to write a '
            "quote inside a cell"
        )
    if "expected after" in message:
        return "early_quote", (
            f"a quote inside a cell on line {line} ends the cell too early; write a quote "
            'inside a quoted cell as two quotes ("")'
        )
    if "field larger than field limit" in message:
        return "long_cell", (
            f"a cell starting on line {line} is longer than {csv.field_size_limit():,} "
            "characters; a quote may be missing its closing partner"
        )
    return "", f"the file is not valid CSV on line {line} ({message})"


def _sniff_delimiter(header: str) -> str:
    """Commas, unless the header has none but semicolons or tabs (Excel in some locales)."""
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


# -- XLSX ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UncalculatedFormula:
    """A cell holding a formula whose value was never calculated (``formula`` without ``=``),
    as :func:`read_table` gives it with ``uncalculated="mark"``."""

    formula: str


def _xlsx_records(
    path: Path,
    source: str,
    sheet: str | int,
    prefer_sheet: str | None,
    max_rows: int | None,
    uncalculated: Literal["refuse", "mark"] = "refuse",
) -> Iterator[Row]:
    # openpyxl warns about workbook features it drops (data validation, some styles) and about
    # dates out of range; the cells are still read, so the warnings would only alarm a person.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = _open_workbook(path, source)
        try:
            title = _sheet_title(workbook, sheet, prefer_sheet, source)
            read = _xlsx_rows(path, workbook, title, source)
            if uncalculated == "mark":
                read = _marked(read, _formula_cells(path, workbook[title]))
            try:
                rows = list(_limited(read, source, max_rows))
            finally:
                read.close()  # stopped at the limit: the sheet's XML stream is closed now
            if uncalculated == "refuse":
                header = next((r for r in rows if not all(is_blank(c) for c in r[1])), (0, []))
                _refuse_uncalculated_formula(path, workbook[title], source, header)
        finally:
            workbook.close()
    return iter(rows)


def _open_workbook(path: Path, source: str) -> Workbook:
    # Imported here: openpyxl is slow to import and only workbooks need it.
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken archive raises zipfile, XML, key errors…
        raise FileError(
            f"the file is not a readable Excel workbook ({type(exc).__name__}); "
            "open it in a spreadsheet program and save it again as .xlsx",
            source=source,
            code="not_workbook",
        ) from None


def _sheet_title(workbook: Workbook, sheet: str | int, prefer: str | None, source: str) -> str:
    names = list(workbook.sheetnames)
    if prefer is not None:
        for name in names:
            if name.strip().lower() == prefer.strip().lower():
                return name
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise FileError(
        f"the workbook has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}",
        source=source,
        code="no_sheet",
        params={"sheet": str(sheet), "sheets": ", ".join(names)},
    )


def _xlsx_rows(
    path: Path, workbook: Workbook, title: str, source: str
) -> Generator[Row, None, None]:
    worksheet: Any = workbook[title]
    # The dimension a workbook declares may be wrong (or claim a million rows): every row would
    # be padded to it, so the rows are read as they are stored instead.
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()
    last = 0
    try:
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            last = number
            yield number, [_xlsx_cell(cell, source, number, i) for i, cell in enumerate(cells)]
    except FileError:
        raise
    except Exception:  # openpyxl stops on a cell it cannot convert
        raise _unreadable_cell(path, worksheet, source, last) from None


def _xlsx_cell(cell: Any, source: str, row: int, index: int) -> Any:
    if isinstance(cell, str):
        return _text_cell(cell)
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, float) and not math.isfinite(cell):
        raise FileError(
            f"the cell holds {cell}, which is not a number a calculation can use; "
            "write the number, or leave the cell empty for a missing value",
            source=source,
            row=row,
            column=column_letter(index),
            code="not_finite",
            params={"value": str(cell)},
        )
    if isinstance(cell, int) and abs(cell) >= 10**MAX_EXACT_DIGITS:
        try:
            return float(cell)
        except OverflowError:
            raise FileError(
                f"the cell holds a number of {len(str(abs(cell)))} digits, too large to be a "
                "value; check the cell and write the number it should hold",
                source=source,
                row=row,
                column=column_letter(index),
                code="too_many_digits",
                params={"count": len(str(abs(cell)))},
            ) from None
    return cell


def _unreadable_cell(path: Path, worksheet: Any, source: str, last: int) -> FileError:
    """The error for a cell openpyxl could not convert, found by reading the sheet's XML again."""
    found = _bad_number_cell(path, getattr(worksheet, "_worksheet_path", ""))
    if found is None:
        return FileError(
            f"a cell after row {last} could not be read; open the workbook in a spreadsheet "
            "program, check the cells there and save it again",
            source=source,
            row=last + 1,
            code="unreadable_cell",
        )
    coordinate, value = found
    letters = "".join(character for character in coordinate if character.isalpha())
    digits = "".join(character for character in coordinate if character.isdigit())
    return FileError(
        f"the cell is stored as a number but holds '{shown(value)}', which is not one "
        "(NaN, INF, text or too many digits); write the number, or leave the cell empty for a "
        "missing value",
        source=source,
        row=int(digits) if digits else last + 1,
        column=letters or None,
        code="stored_not_a_number",
        params={"value": shortened(value)},
    )


def _bad_number_cell(path: Path, member: str) -> tuple[str, str] | None:
    """The coordinate and stored text of the first number cell that is not a number."""
    if not member:
        return None
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag != f"{namespace}c":
                    continue
                value = element.findtext(f"{namespace}v")
                if element.get("t", "n") == "n" and value and not _stores_number(value):
                    return element.get("r", ""), value
                element.clear()
    except Exception:  # the workbook was unreadable already; say so plainly
        return None
    return None


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
"""The start of a formula element (``<f>``, ``<f t="shared" …/>``, ``<x:f>``) in a sheet's XML."""
_CHUNK = 1 << 20


def _refuse_uncalculated_formula(
    path: Path, worksheet: Any, source: str, header: tuple[int, Sequence[Any]]
) -> None:
    """Refuse a formula cell whose value was never calculated, naming its row and column (the
    column's heading in ``header``, the sheet's first row with a value as ``(number, cells)``,
    or the column's letters when it has none).

    A spreadsheet program keeps each formula's last value beside it, and the workbook is read
    with those values (``data_only``). A workbook written by a program (openpyxl, a script) has
    formulas without values, which would read as blank cells: a title or a score would vanish
    without a word. openpyxl's read-only mode gives either the values or the formulas, never
    both, and a second pass with formulas would cost as much as the first; so this looks in
    the sheet's XML itself: a fast scan of the raw bytes for a formula element, which most
    files (ours, and those typed by people) lack, and only then a streaming parse of the rows.
    """
    member = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
    try:
        found = _uncalculated_formula(path, member) if member else None
    except Exception:  # XML openpyxl reads but ElementTree does not: leave it to openpyxl
        return
    if found is not None:
        row, column, formula = found
        header_row, headings = header
        index = _column_index(column)
        if row > header_row and index < len(headings) and cell_text(headings[index]).strip():
            column = cell_text(headings[index]).strip().lower()
        named = f"the formula ={shown(formula)}" if formula else "a formula"
        raise FileError(
            f"the cell holds {named}, whose value was never calculated "
            "(the file was written by a program, not saved in a spreadsheet program), so it "
            "would read as empty; open the file in a spreadsheet program and save it, or type "
            "the value itself",
            source=source,
            row=row,
            column=column,
            code="uncalculated_formula",
            params={"formula": shortened(formula) if formula else ""},
        )


def _uncalculated_formula(path: Path, member: str) -> tuple[int, str, str] | None:
    """The row, column letters and formula of the first formula cell without a value."""
    return next(_uncalculated_formulas(path, member), None)


def _uncalculated_formulas(path: Path, member: str) -> Iterator[tuple[int, str, str]]:
    """The row, column letters and formula of each formula cell without a value."""
    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as stream:
            if not _mentions_formula(stream):
                return
        with archive.open(member) as stream:
            number = 0
            for _, element in ElementTree.iterparse(stream):
                if element.tag.rpartition("}")[2] != "row":
                    continue
                number = int(element.get("r") or number + 1)
                for position, cell in enumerate(element):
                    formula = _formula_without_value(cell)
                    if formula is not None:
                        yield number, _cell_column(cell, position), formula
                element.clear()


def _formula_cells(path: Path, worksheet: Any) -> dict[int, dict[int, str]]:
    """Each formula cell without a value: by row number, by column index (from 0)."""
    member = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
    found: dict[int, dict[int, str]] = {}
    try:
        for row, column, formula in _uncalculated_formulas(path, member) if member else ():
            found.setdefault(row, {})[_column_index(column)] = formula
    except Exception:  # XML openpyxl reads but ElementTree does not: leave it to openpyxl
        return {}
    return found


def _marked(
    rows: Generator[Row, None, None], formulas: dict[int, dict[int, str]]
) -> Generator[Row, None, None]:
    """``rows`` with each cell of ``formulas`` as an :class:`UncalculatedFormula`."""
    try:
        for number, cells in rows:
            marks = formulas.get(number)
            if marks:
                cells = cells + [None] * (max(marks) + 1 - len(cells))
                for index, formula in marks.items():
                    cells[index] = UncalculatedFormula(formula)
            yield number, cells
    finally:
        rows.close()


def _mentions_formula(stream: Any) -> bool:
    """Whether the XML has a formula element; chunks overlap so a tag across two is seen."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        if _FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def _formula_without_value(cell: Any) -> str | None:
    """The formula of a cell that has one but no value; ``None`` otherwise.

    A formula whose result is empty text is kept by spreadsheet programs as an empty value of
    type ``str``: that value was calculated, and is empty.
    """
    formula = value = None
    for child in cell:
        tag = child.tag.rpartition("}")[2]
        if tag == "f":
            formula = child
        elif tag == "v":
            value = child
    if formula is None or (value is not None and (value.text or cell.get("t") == "str")):
        return None
    return formula.text or ""


def _column_index(letters: str) -> int:
    """``A`` -> 0, ``Z`` -> 25, ``AA`` -> 26: the inverse of :func:`column_letter`."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_column(cell: Any, position: int) -> str:
    """The column letters of the cell's reference, or from its place when it has none."""
    letters = "".join(c for c in cell.get("r", "") if c.isalpha())
    return letters or column_letter(position)


def _stores_number(value: str) -> bool:
    try:
        number = float(value) if any(c in value for c in ".eE") else int(value)
    except ValueError:
        return False
    return math.isfinite(number)

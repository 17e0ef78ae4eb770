"""Writing CSV and XLSX files that are safe to open in a spreadsheet, whole or not at all.

Everything Stocktake exports (answers files, results, the composite index's tables) goes through
these writers, in the core, the command line and the web application alike:

* text that a spreadsheet would run as a formula gets a leading quote
  (:func:`stocktake.io.cells.neutralised`); numbers stay numbers, negative ones included;
* XLSX cells holding text are always string cells, never formulas, and lose the control
  characters the XLSX format cannot hold;
* CSV is UTF-8 with a byte-order mark, so that Excel shows Chinese, Japanese and Korean text;
* a file on disk is written to a temporary file beside it and renamed into place at the end, so
  a failure part-way leaves the previous file (or none), never half a table.

A target is a path or a binary stream (an HTTP response, ``io.BytesIO``); a stream is written to
and left open.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from stocktake.io.cells import neutralised

if TYPE_CHECKING:
    import pandas as pd

Target = str | Path | IO[bytes]

XLSX_TEXT_LIMIT = 32_767
"""The most characters an Excel cell holds; longer text is cut there, since Excel would refuse
to open the whole workbook otherwise."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its tab name, header and rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def write_csv(target: Target, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a CSV table: UTF-8 with a byte-order mark, formulas neutralised, blanks empty."""
    with _binary(target) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            _write_rows(csv.writer(text), header, rows)
            text.flush()
        finally:
            text.detach()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV table as text for standard output: lines end in ``\\n``, no byte-order mark."""
    buffer = io.StringIO()
    _write_rows(csv.writer(buffer, lineterminator="\n"), header, rows)
    return buffer.getvalue()


def _write_rows(writer: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def csv_cell(cell: Any) -> str:
    """A cell as CSV text: empty for missing, floats exact (``repr``), text neutralised."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, str):
        return neutralised(cell)
    if isinstance(cell, float):
        return repr(cell)
    return neutralised(str(cell))


def write_xlsx(target: Target, sheets: Sequence[Sheet], *, title: str = "") -> None:
    """Write a workbook with one sheet per :class:`Sheet`, each with a frozen header row;
    ``title`` is the document's title, which spreadsheet programs show in its properties."""
    # Imported here: openpyxl is slow to import and only workbooks need it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Every value is converted before openpyxl starts: a failure while the rows are produced
    # then leaves no half-written worksheet behind, only the exception.
    prepared = [
        (sheet.title, [[xlsx_cell(v) for v in row] for row in chain([sheet.header], sheet.rows)])
        for sheet in sheets
    ]
    workbook = Workbook(write_only=True)
    if title:
        workbook.properties.title = ILLEGAL_CHARACTERS_RE.sub("", title)
    for name, rows in prepared:
        worksheet = workbook.create_sheet(name)
        worksheet.freeze_panes = "A2"
        for values in rows:
            cells = []
            for value in values:
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            worksheet.append(cells)
    with _binary(target) as raw:
        workbook.save(raw)


def xlsx_cell(cell: Any) -> Any:
    """A cell as an XLSX value: text neutralised and cleaned, missing and infinite numbers empty."""
    # Imported here with openpyxl, which defines the characters XML 1.0 cannot hold.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if cell is None or isinstance(cell, bool | int):
        return cell
    if isinstance(cell, float):
        return cell if math.isfinite(cell) else None
    if not isinstance(cell, str):
        if _is_number(cell):
            return cell if math.isfinite(float(cell)) else None
        if hasattr(cell, "isoformat"):
            return cell
        cell = str(cell)
    return neutralised(ILLEGAL_CHARACTERS_RE.sub("", cell)[:XLSX_TEXT_LIMIT])


def write_frame(frame: pd.DataFrame, target: Target, *, index: bool = True) -> None:
    """Write a data frame as CSV, its index first when ``index``, missing values empty.

    The layout is pandas' ``to_csv``: an unnamed index gets an empty header cell.
    """
    header, rows = frame_rows(frame, index=index)
    write_csv(target, header, rows)


def frame_rows(frame: pd.DataFrame, *, index: bool = True) -> tuple[list[str], list[list[Any]]]:
    """A data frame's header and rows as plain Python cells (numpy scalars and NA converted),
    for :func:`write_csv`, :func:`csv_text` or a :class:`Sheet`."""
    header = [str(name) for name in frame.columns]
    if not index:
        return header, [
            [_plain(value) for value in values]
            for values in frame.itertuples(index=False, name=None)
        ]
    names = ["" if name is None else str(name) for name in frame.index.names]
    rows = []
    for key, *values in frame.itertuples(index=True, name=None):
        keys = key if isinstance(key, tuple) else (key,)
        rows.append([_plain(value) for value in (*keys, *values)])
    return names + header, rows


def _plain(value: Any) -> Any:
    """numpy and pandas scalars as Python values; pandas' missing markers as ``None``."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_text(path: str | Path, text: str) -> None:
    """Write a UTF-8 text file (a YAML specification, a README) whole or not at all."""
    with _binary(path) as raw:
        raw.write(text.encode("utf-8"))


@contextlib.contextmanager
def all_or_nothing(folder: str | Path) -> Iterator[Path]:
    """A folder to write several files into that appear in ``folder`` together or not at all.

    Meant for files, not subfolders: a subfolder cannot replace one that ``folder`` holds.

    The files are written into a hidden folder beside ``folder`` and moved into it when the
    block ends without an error; on an error they are removed, so a command that fails half-way
    through its tables leaves none of them (and no previous file is touched).
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".part"))
    try:
        yield staging
        folder.mkdir(exist_ok=True)
        for written in sorted(staging.iterdir()):
            os.replace(written, folder / written.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _binary(target: Target) -> Iterator[IO[bytes]]:
    """A binary stream to write to: the caller's stream, or a temporary file renamed at the end."""
    if not isinstance(target, str | Path):
        yield target
        return
    path = Path(target)
    # os.open with 0o666 lets the umask decide the file's mode, as for any file written directly
    # (a NamedTemporaryFile would leave the export readable by its owner only).
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, str)

"""Reading unit data and metadata from CSV or XLSX files.

Every cell is read as text (or as the spreadsheet's own number) and parsed by
:func:`stocktake.composite.data.from_frames`, so that a unit code such as ``NA`` (Namibia) stays a
code and a bad number is reported with its file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.errors import CompositeError


def read_table(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """A CSV or XLSX table with every cell as read (text for CSV), no value turned into missing.

    Raises :class:`CompositeError` when the file is absent, empty or not a table.
    """
    path = Path(path)
    if not path.is_file():
        raise CompositeError(f"there is no file at {path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_excel(path, sheet)
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
        )
    except pd.errors.EmptyDataError:
        raise CompositeError("the file is empty", source=str(path)) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CompositeError(
            f"the file could not be read as a table ({first})", source=str(path)
        ) from None


def read_tabular(
    data: str | Path, meta: str | Path, *, data_sheet: str | int = 0, meta_sheet: str | int = 0
) -> CompositeData:
    """Read and check a unit-data file and a metadata file (CSV or XLSX)."""
    return from_frames(
        read_table(data, sheet=data_sheet),
        read_table(meta, sheet=meta_sheet),
        source_units=str(data),
        source_meta=str(meta),
    )


def _read_excel(path: Path, sheet: str | int) -> pd.DataFrame:
    try:
        return pd.read_excel(
            path, sheet_name=sheet, dtype=object, keep_default_na=False, engine="openpyxl"
        )
    except Exception as exc:  # openpyxl and zipfile raise their own types for a broken workbook
        if "not found" in str(exc) or isinstance(exc, IndexError):
            raise CompositeError(f"the workbook has no sheet {sheet!r}", source=str(path)) from None
        raise CompositeError(
            f"the file could not be read as an XLSX workbook ({type(exc).__name__})",
            source=str(path),
        ) from None

"""Unit data and metadata read from CSV or XLSX files through :mod:`stocktake.io`.

The file is read by :func:`stocktake.io.tables.read_table`, the reader answers files use too, with
the same checks (encoding, quoting, workbook cells, one header name per column). Cells stay text
(or the spreadsheet's own numbers) and are parsed by :func:`stocktake.composite.data.from_frames`,
so that a unit code such as ``NA`` (Namibia) stays a code and a bad number is reported with its
file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.errors import CompositeError
from stocktake.errors import FileError
from stocktake.io.tables import read_table as read_file_table


def read_table(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """A CSV or XLSX table with every cell as read (text for CSV), no value turned into missing.

    Raises :class:`CompositeError` naming the file (and the row and column) when the file is
    absent, empty or not a well-formed table.
    """
    try:
        table = read_file_table(path, sheet=sheet)
    except FileError as exc:
        raise CompositeError(
            exc.detail, source=exc.source, row=exc.row, column=exc.column
        ) from None
    named = [index for index, name in enumerate(table.columns) if name]
    return pd.DataFrame(
        [[cells[index] for index in named] for _, cells in table.rows],
        columns=[table.columns[index] for index in named],
        dtype=object,
    )


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

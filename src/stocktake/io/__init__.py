"""Every reader and writer of files: tables (CSV, XLSX), answers files and YAML documents.

* :mod:`stocktake.io.tables` reads any CSV or XLSX table with one set of checks;
* :mod:`stocktake.io.answers` reads and writes answers files on top of it;
* :mod:`stocktake.io.spreadsheets` writes CSV and XLSX safe to open in a spreadsheet;
* :mod:`stocktake.io.cells` holds the rules for single cells (numbers, formulas);
* YAML (frameworks, build specifications, VARY files) is read by :func:`read_yaml`, which lives in
  :mod:`stocktake.yaml_files` so that the framework loader below this package can use it too.
"""

from stocktake.io.answers import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    answers_sheet,
    read_answers,
    write_answers,
)
from stocktake.io.spreadsheets import (
    Sheet,
    all_or_nothing,
    write_csv,
    write_frame,
    write_text,
    write_xlsx,
)
from stocktake.io.tables import Table, read_table
from stocktake.yaml_files import parse_yaml, read_yaml

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Sheet",
    "Table",
    "all_or_nothing",
    "answers_sheet",
    "parse_yaml",
    "read_answers",
    "read_table",
    "read_yaml",
    "write_answers",
    "write_csv",
    "write_frame",
    "write_text",
    "write_xlsx",
]

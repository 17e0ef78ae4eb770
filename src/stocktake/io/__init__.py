"""Reading and writing answers files (CSV and XLSX), as pure functions."""

from stocktake.io.answers import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    read_answers,
    write_answers,
)

__all__ = ["COLUMNS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS", "read_answers", "write_answers"]

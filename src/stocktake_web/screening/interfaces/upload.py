"""A criteria file uploaded by the secretariat, read by the core, and the set written back.

The core reads the file as the command line does (:func:`stocktake.screening.read_criteria`),
so a file that ``stocktake screen`` accepts loads here too; its first problem is told with its
row and column in the reader's language.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from stocktake import screening as core
from stocktake.errors import LocatedError
from stocktake.screening.files import criteria_table
from stocktake_web.dashboards.interfaces.exports import csv_bytes


class UnreadableCriteria(ValueError):
    """The upload is not a criteria file the page can use; the sentence says why."""


def read_upload(upload: UploadedFile) -> list[core.Criterion]:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UnreadableCriteria(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"criteria{suffix}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        try:
            return list(core.read_criteria(path))
        except LocatedError as exc:
            raise UnreadableCriteria(_located(exc)) from None


def _located(exc: LocatedError) -> str:
    where = []
    if exc.row is not None:
        where.append(_("row %(row)d") % {"row": exc.row})
    if exc.column:
        where.append(_("column %(column)s") % {"column": exc.column})
    return f"{exc.detail} ({', '.join(where)})" if where else exc.detail


def criteria_file(criteria: Sequence[core.Criterion]) -> bytes:
    """The set as a CSV file in the command line's format (formulas neutralised)."""
    header, rows = criteria_table(criteria)
    return csv_bytes(header, rows)

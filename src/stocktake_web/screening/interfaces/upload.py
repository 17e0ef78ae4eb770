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
from django.utils.translation import gettext_noop

from stocktake import screening as core
from stocktake.errors import LocatedError
from stocktake.screening.files import criteria_table
from stocktake_web.dashboards.interfaces.exports import csv_bytes
from stocktake_web.file_problems_in_words import in_words, located


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
            raise UnreadableCriteria(located(exc, SENTENCES)) from None


def problem_sentence(exc: LocatedError) -> str:
    """The problem in the reader's language, from the core's code and values."""
    return in_words(exc, SENTENCES)


SENTENCES = {
    "required": gettext_noop("This cell is required."),
    "missing_number": gettext_noop("This cell is empty; write a number."),
    "not_a_number": gettext_noop("“%(value)s” is not a number."),
    "negative_weight": gettext_noop("%(value)s is negative; a weight is a number of 0 or more."),
    "too_large": gettext_noop(
        "%(value)s is too large: at most 10¹⁵ in size, or the ranking loses the differences it "
        "needs. Write it in a larger unit (thousands, millions)."
    ),
    "bad_direction": gettext_noop(
        "“%(value)s” is not a direction; write benefit (higher is better) or cost (lower is "
        "better)."
    ),
    "half_scale": gettext_noop(
        "Give the scale's lowest and highest score (min and max), or neither."
    ),
    "scale_order": gettext_noop("The scale's max (%(high)s) must be above its min (%(low)s)."),
    "duplicate": gettext_noop("Row %(first)s already defines this criterion; keep one."),
    "no_rows": gettext_noop("The file has a header but no criteria below it."),
    "zero_weights": gettext_noop(
        "Every weight is 0; give at least one criterion a weight above 0."
    ),
    "missing_column": gettext_noop("The header has no such column; it needs %(needed)s."),
    "unknown_column": gettext_noop(
        "This column is not one a criteria file has; its columns are %(allowed)s."
    ),
}
"""Each code of :class:`stocktake.screening.ScreeningFileError` as a sentence to translate."""


def criteria_file(criteria: Sequence[core.Criterion]) -> bytes:
    """The set as a CSV file in the command line's format (formulas neutralised)."""
    header, rows = criteria_table(criteria)
    return csv_bytes(header, rows)

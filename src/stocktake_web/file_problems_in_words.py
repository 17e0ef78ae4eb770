"""A problem of an uploaded table, said in the reader's language, with its row and column.

Every upload (catalogue, screening criteria, the secretariat's import, questionnaires) is read
by the core's one table reader (:func:`stocktake.io.tables.read_table`). Its errors carry a
``code`` and the values the sentence needs; the sentence is composed here through gettext, so a
secretariat working in Chinese reads "the file is not UTF-8" in Chinese. A problem without a
code, or with one this version does not know, keeps the core's English sentence: it is still
exact, only not translated.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stocktake.errors import LocatedError

READER_SENTENCES = {
    "wrong_kind": gettext_noop("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."),
    "empty": gettext_noop("The file is empty; it needs a header row."),
    "no_header": gettext_noop("This cell has a value but its column has no header."),
    "duplicate_column": gettext_noop(
        "This column appears twice in the header (columns %(first)s and %(second)s); keep one."
    ),
    "not_utf8": gettext_noop(
        "The file is not UTF-8 text (line %(line)s); save it again as “CSV UTF-8”."
    ),
    "unclosed_quote": gettext_noop(
        "A quote opens a cell on line %(line)s and is never closed; close it, or write a quote "
        'inside a cell as two quotes ("").'
    ),
    "early_quote": gettext_noop(
        "A quote inside a cell on line %(line)s ends the cell too early; write a quote inside a "
        'quoted cell as two quotes ("").'
    ),
    "long_cell": gettext_noop(
        "A cell starting on line %(line)s is far too long; a quote may be missing its closing "
        "partner."
    ),
    "not_workbook": gettext_noop(
        "The file is not a readable Excel workbook; open it in a spreadsheet program and save "
        "it again as .xlsx."
    ),
    "no_sheet": gettext_noop("The workbook has no sheet “%(sheet)s”; its sheets are %(sheets)s."),
    "not_finite": gettext_noop(
        "The cell holds %(value)s, which is not a number; write the number, or leave the cell "
        "empty."
    ),
    "too_many_digits": gettext_noop(
        "The cell holds a number of %(count)s digits, too large to be a value; write the "
        "number it should hold."
    ),
    "unreadable_cell": gettext_noop(
        "A cell here could not be read; open the workbook in a spreadsheet program, check the "
        "cells and save it again."
    ),
    "stored_not_a_number": gettext_noop(
        "The cell is stored as a number but holds “%(value)s”, which is not one; write the "
        "number, or leave the cell empty."
    ),
    "uncalculated_formula": gettext_noop(
        "The cell holds a formula whose value was never calculated (the file was written by a "
        "program), so it would read as empty; open the file in a spreadsheet program and save "
        "it, or type the value itself."
    ),
    "too_many_rows": gettext_noop("At most %(limit)s rows per file; split the file."),
    "too_large_number": gettext_noop(
        "“%(value)s” is too large to be a value; write the number it should hold."
    ),
    "underscore": gettext_noop(
        "“%(value)s” has an underscore inside the number; write it without, as %(plain)s."
    ),
    "questionnaire_changed": gettext_noop(
        "The hidden sheet was changed; download the questionnaire again."
    ),
    "other_digits": gettext_noop(
        "“%(value)s” is written with digits other than 0–9; type it again with the digits 0–9."
    ),
}
"""Each code of the table reader's :class:`~stocktake.errors.FileError` as a sentence."""


def in_words(error: LocatedError, sentences: Mapping[str, str] = READER_SENTENCES) -> str:
    """The problem in the reader's language: ``sentences`` (codes to untranslated sentences)
    first, then the reader's own, else the core's English."""
    for known in (sentences, READER_SENTENCES):
        if error.code in known:
            return _(known[error.code]) % error.params
    return error.detail


def where(error: LocatedError) -> str:
    """`` (row 3, column weight)``, or nothing for a problem of the whole file."""
    place = []
    if error.row is not None:
        place.append(_("row %(row)d") % {"row": error.row})
    if error.column:
        place.append(_("column %(column)s") % {"column": error.column})
    return f" ({', '.join(place)})" if place else ""


def located(error: LocatedError, sentences: Mapping[str, str] = READER_SENTENCES) -> str:
    """The problem in words with its row and column."""
    return in_words(error, sentences) + where(error)

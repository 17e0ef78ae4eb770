"""An uploaded catalogue file read by the core, and its problems in the reader's language.

The core checks the file (every row, all or nothing) and names each problem by a code with its
values; the sentence is composed here through gettext, so the secretariat reads it in its own
language, with the core's English sentence for a code this version does not know.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from stocktake import knowledge as core
from stocktake.errors import FileError
from stocktake_web.file_problems_in_words import READER_SENTENCES, located
from stocktake_web.knowledge.models import Resource

MAX_BYTES = 5 * 1024 * 1024
"""Largest file accepted: a catalogue of thousands of resources takes a few hundred kilobytes."""


class UnreadableFile(ValueError):
    """The upload is not a catalogue file the page can read; the sentence says why."""


def read_upload(upload: UploadedFile, *, vocabulary: core.Vocabulary) -> list[core.Resource]:
    """The upload's resources; :class:`core.CatalogueFileError` lists the problems of its rows."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UnreadableFile(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if (upload.size or 0) > MAX_BYTES:
        raise UnreadableFile(too_large())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalogue{suffix}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        try:
            return core.read_catalogue(path, vocabulary=vocabulary)
        except FileError as exc:
            raise UnreadableFile(located(exc)) from None


def too_large() -> str:
    """Why a file over :data:`MAX_BYTES` is refused, however far it got before it was."""
    return _("The file is larger than 5 MB; split it.")


def problem_sentence(problem: core.Problem) -> str:
    """The problem in the reader's language."""
    params = problem.params
    values = ", ".join(params.get("values", []))
    sentences = {
        "unknown_column": _("This column is not one of the catalogue's; check its spelling."),
        "missing_column": _("The header has no such column; start from the template."),
        "no_rows": _("The file has a header but no resource below it."),
        "too_many_rows": _(READER_SENTENCES["too_many_rows"]) % {"limit": params.get("limit", 0)},
        "required": _("This cell is required."),
        "bad_id": _("Letters, digits, - _ and . only, starting with a letter or digit."),
        "unknown_kind": _("One of: %(kinds)s.") % {"kinds": ", ".join(Resource.Kind.values)},
        "no_title": _("Give the title in at least one language."),
        "duplicate_id": _("Row %(row)d has the same id; give each resource its own.")
        % {"row": params.get("first", 0)},
        "too_long": _("Too long: at most %(limit)d characters, this cell has %(count)d.")
        % {"limit": params.get("limit", 0), "count": params.get("count", 0)},
        "control_character": _(
            "This cell holds a control character (such as NUL) that text cannot keep; delete it."
        ),
        "formula": _("This looks like a spreadsheet formula; write the value itself."),
        "unknown_tag": _("Not in the frameworks' vocabulary: %(values)s.") % {"values": values},
        "bad_sdg_target": _("Not an SDG target such as 11.5 or 13.b: %(values)s.")
        % {"values": values},
        "bad_language": _("Not a language tag such as en, zh-Hant, ja or ko: %(values)s.")
        % {"values": values},
        "bad_year": _("A year from 1900 to 2100."),
        "bad_link": _("A web address starting with https:// or http://."),
        "bad_date": _("A date from 1900 to 2100 written as YYYY-MM-DD, such as 2026-03-31."),
        "policy_city": _("A policy names the city that adopted it."),
        "uncalculated_formula": _(READER_SENTENCES["uncalculated_formula"]),
        "deadline_kind": _("Only a financing opportunity has a deadline; leave this cell empty."),
    }
    return sentences.get(problem.code, problem.text)

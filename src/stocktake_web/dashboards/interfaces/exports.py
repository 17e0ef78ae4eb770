"""A round's answers and results as CSV and XLSX files.

The answers sheet is the core's answers file (:func:`stocktake.io.answers.answers_sheet`), so an
export can be scored again with ``stocktake score --answers``, and every file is written by the
core's writers (:mod:`stocktake.io.spreadsheets`), which neutralise spreadsheet formulas in user
text. Results list the total, every group, every pathway and every indicator, as the core computed
them (or stored them at sign-off).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from stocktake.answers import Answer as CoreAnswer
from stocktake.frameworks import PATHWAYS, Framework
from stocktake.io.answers import COLUMNS, answers_sheet
from stocktake.io.spreadsheets import Sheet, write_csv, write_xlsx
from stocktake_web.assessments.domain import core_answers, round_records
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard
from stocktake_web.languages import localised

RESULT_COLUMNS: tuple[str, ...] = (
    "level",
    "id",
    "kind",
    "title",
    "points",
    "max_points",
    "attainable_max",
    "score",
    "coverage",
)
KEY_AREA_COLUMNS: tuple[str, ...] = ("rank", "indicator", "title", "score", "reasons")


def answer_rows(answers: Iterable[CoreAnswer]) -> list[list[Any]]:
    """The core's answers sheet rows, so the export reads back with ``stocktake score``."""
    return [list(row) for row in answers_sheet(answers).rows]


def result_rows(record: dict[str, Any], framework: Framework) -> list[list[Any]]:
    """The total, every group, pathway and indicator, titled in the reader's language.

    Scores (0–100) are rounded to one decimal, coverage (0–1) to three and points to two, as
    people read them; every figure stays a number (a numeric cell in a workbook) and a figure
    that does not apply is an empty cell, never text.
    """

    def group_row(level: str, group: dict[str, Any]) -> list[Any]:
        return [
            level,
            group["id"],
            group["kind"],
            localised(group["title"]),
            _rounded(group["points"], 2),
            _rounded(group["max_points"], 2),
            _rounded(group["attainable_max"], 2),
            _rounded(group["score"], 1),
            _rounded(group["coverage"], 3),
        ]

    titles = {indicator.id: indicator.title for indicator in framework.indicators()}

    rows = [group_row("total", record["total"])]
    rows += [group_row("group", group) for group in record["groups"].values()]
    rows += [
        group_row("pathway", record["pathways"][key])
        for key in PATHWAYS
        if key in record["pathways"]
    ]
    rows += [
        [
            "indicator",
            key,
            "indicator",
            localised(titles.get(key)),
            _rounded(item["points"], 2),
            _rounded(item["max_points"], 2),
            None,
            _rounded(item["score"], 1),
            None,
        ]
        for key, item in record["indicators"].items()
    ]
    return rows


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def key_area_rows(key_areas: Sequence[Any]) -> list[list[Any]]:
    return [
        [area.rank, area.indicator, area.title, round(area.score, 2), " ".join(area.reasons)]
        for area in key_areas
    ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The core's CSV: UTF-8 with a byte-order mark, formulas in user text neutralised."""
    buffer = io.BytesIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], *, title: str = ""
) -> bytes:
    """The core's workbook: text cells are strings, never formulas, and neutralised;
    ``title`` goes in the document's properties."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [Sheet(name, header, rows) for name, header, rows in sheets], title=title)
    return buffer.getvalue()


ANSWER_COLUMNS = COLUMNS
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LARGE_ROUND_ANSWERS = 2000
"""A round with more assigned answers than this is exported in the background from the dashboard:
its workbook takes a second or more to make, and a page should not wait on it. The direct
addresses still give the file for a round of any size."""


@dataclass(frozen=True)
class ExportFile:
    """A round's export as downloaded, whether straight from the dashboard or made by a
    background job: the same name and bytes either way."""

    name: str
    content_type: str
    content: bytes


def download(made: ExportFile) -> HttpResponse:
    """The file as an attachment under its own name, for every page that offers a download."""
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    return response


def file_stem(round: Round) -> str:
    """How the name of each of the round's files starts: a training round's files say so, as
    a CSV file holds nothing else that could (its columns are read back as they are)."""
    stem = f"{round.city.slug}-round-{round.pk}"
    return f"{stem}-training" if round.is_training else stem


def document_title(round: Round) -> str:
    """The title in a workbook's properties: the city and the round, and for a training round
    that it counts in no network result."""
    names = {"city": localised(round.city.name), "round": round.name}
    if round.is_training:
        return _("Training round, not counted in any network result: %(city)s, %(round)s") % names
    return _("%(city)s, %(round)s") % names


def answers_file(round: Round) -> ExportFile:
    content = csv_bytes(ANSWER_COLUMNS, answer_rows(core_answers(round)))
    return ExportFile(f"{file_stem(round)}-answers.csv", CSV, content)


def results_file(round: Round) -> ExportFile:
    shown = round_records(round)
    content = csv_bytes(RESULT_COLUMNS, result_rows(shown.record, shown.framework))
    return ExportFile(f"{file_stem(round)}-results.csv", CSV, content)


def workbook_file(round: Round) -> ExportFile:
    """Answers, results and key areas, one sheet each."""
    answers = core_answers(round)
    shown = round_records(round, answers)
    board = scoreboard(shown.record, shown.priorities, shown.framework, stored=shown.stored)
    content = xlsx_bytes(
        [
            ("answers", ANSWER_COLUMNS, answer_rows(answers)),
            ("results", RESULT_COLUMNS, result_rows(shown.record, shown.framework)),
            ("key areas", KEY_AREA_COLUMNS, key_area_rows(board.key_areas)),
        ],
        title=document_title(round),
    )
    return ExportFile(f"{file_stem(round)}.xlsx", XLSX, content)

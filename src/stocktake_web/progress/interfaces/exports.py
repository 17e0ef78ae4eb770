"""The local stocktake as CSV and XLSX files, written by the core's writers.

Numbers stay numbers (a blank cell where a round has no result); text cells are neutralised
against spreadsheet formulas by :mod:`stocktake.io.spreadsheets`. Verdicts are the core's codes
(``improved``, ``declined``, ``no clear change``), as the command line prints them, so a file
reads the same whatever the interface language; titles are in the reader's language.
"""

from __future__ import annotations

from typing import Any

from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.exports import (
    CSV,
    XLSX,
    ExportFile,
    csv_bytes,
    xlsx_bytes,
)
from stocktake_web.progress.interfaces.changes import ChangeLine, LocalStocktake, ProgressLines

CHANGE_COLUMNS: tuple[str, ...] = (
    "level",
    "id",
    "kind",
    "title",
    "before",
    "after",
    "change",
    "score_change",
    "threshold",
    "verdict",
    "crosswalk",
)
SUMMARY_COLUMNS: tuple[str, ...] = ("verdict", "indicators")
ROUND_COLUMNS: tuple[str, ...] = ("round", "id", "name", "framework", "signed_off")
CROSSWALK_COLUMNS: tuple[str, ...] = ("entry",)


def change_rows(lines: ProgressLines) -> list[list[Any]]:
    """Every indicator, then every group, then the total."""
    return [_row(line) for line in lines.all]


def _row(line: ChangeLine) -> list[Any]:
    return [
        line.level,
        line.id,
        line.kind,
        line.title,
        line.before,
        line.after,
        line.change,
        None if line.score_change is None else round(line.score_change, 6),
        line.threshold,
        line.verdict,
        line.crosswalk,
    ]


def round_rows(before: Round, after: Round) -> list[list[Any]]:
    def row(which: str, round: Round) -> list[Any]:
        signed = round.sign_off.signed_off_at.date().isoformat()
        return [which, round.pk, round.name, round.framework.key, signed]

    return [row("before", before), row("after", after)]


def _stem(before: Round, after: Round) -> str:
    return f"{after.city.slug}-progress-{before.pk}-{after.pk}"


def progress_csv(before: Round, after: Round, lines: ProgressLines) -> ExportFile:
    content = csv_bytes(CHANGE_COLUMNS, change_rows(lines))
    return ExportFile(f"{_stem(before, after)}.csv", CSV, content)


def progress_xlsx(
    before: Round, after: Round, lines: ProgressLines, summary: LocalStocktake
) -> ExportFile:
    """The changes, the summary's counts, the two rounds and the crosswalk entries used."""
    counts = [[verdict, count] for verdict, _label, count in summary.counts]
    counts.append(["not compared", summary.not_compared])
    content = xlsx_bytes(
        [
            ("changes", CHANGE_COLUMNS, change_rows(lines)),
            ("summary", SUMMARY_COLUMNS, counts),
            ("rounds", ROUND_COLUMNS, round_rows(before, after)),
            ("crosswalk", CROSSWALK_COLUMNS, [[text] for text in lines.crosswalk]),
        ]
    )
    return ExportFile(f"{_stem(before, after)}.xlsx", XLSX, content)

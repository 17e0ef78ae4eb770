"""A round's answers and results as CSV and XLSX files.

The answers sheet uses exactly the columns of the core's answers file, so an export can be scored
again with ``stocktake score --answers``. Results list the total, every group, every pathway and
every indicator, as the core computed them (or stored them at sign-off).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from stocktake.answers import Answer as CoreAnswer
from stocktake.frameworks import PATHWAYS
from stocktake.io.answers import COLUMNS
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
    return [
        [
            answer.indicator,
            answer.value,
            answer.city,
            answer.department,
            answer.confidence or "",
            answer.importance if answer.importance is not None else "",
            ";".join(answer.support_needed),
            answer.evidence,
            answer.comment,
            "yes" if answer.reconciled else "",
        ]
        for answer in answers
    ]


def result_rows(record: dict[str, Any]) -> list[list[Any]]:
    def group_row(level: str, group: dict[str, Any]) -> list[Any]:
        return [
            level,
            group["id"],
            group["kind"],
            localised(group["title"]),
            group["points"],
            group["max_points"],
            group["attainable_max"],
            group["score"],
            group["coverage"],
        ]

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
            "",
            item["points"],
            item["max_points"],
            "",
            item["score"],
            "",
        ]
        for key, item in record["indicators"].items()
    ]
    return rows


def key_area_rows(key_areas: Sequence[Any]) -> list[list[Any]]:
    return [
        [area.rank, area.indicator, area.title, round(area.score, 2), " ".join(area.reasons)]
        for area in key_areas
    ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Chinese and Japanese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ANSWER_COLUMNS = COLUMNS

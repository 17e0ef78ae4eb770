"""A screening's ranked result as CSV and XLSX, written by the core's safe writers.

Candidate names and descriptions are typed by a coordinator: the core's writers
(:mod:`stocktake.io.spreadsheets`) neutralise any that a spreadsheet would run as a formula, and
XLSX cells holding text are strings. The workbook has the ranking, the criteria with the weights
and scales the ranking used, the panel with how much of its sheet each department scored (an
export is possible once every pair has a score, which may be before every sheet is full), and
every score; headings are stable codes, as in every export of Stocktake, and names are in the
reader's language beside them.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.db.models import Count

from stocktake.screening.ranking import SCORE_DIGITS
from stocktake_web.assessments.interfaces.training import training_banner
from stocktake_web.dashboards.interfaces.exports import csv_bytes, xlsx_bytes
from stocktake_web.languages import localised
from stocktake_web.screening.domain.results import ScreeningResults
from stocktake_web.screening.models import Screening, SolutionScore

RANKING_COLUMNS = (
    "rank",
    "solution",
    "score",
    "method",
    "rank_low",
    "rank_high",
    "first_share",
    "key_areas",
    "description",
)
SCORE_COLUMNS = (
    "solution",
    "criterion",
    "criterion_name",
    "department",
    "department_name",
    "score",
)
CRITERIA_COLUMNS = (
    "criterion",
    "name",
    "direction",
    "weight",
    "weight_share",
    "scale_min",
    "scale_max",
    "agreement_alpha",
)
PANEL_COLUMNS = ("department", "name", "scored", "of", "last_saved")


def ranking_header(results: ScreeningResults) -> list[str]:
    """The ranking's columns, then one column of medians per criterion (by code)."""
    return [*RANKING_COLUMNS, *(f"median_{c.code}" for c in results.criteria)]


def ranking_rows(results: ScreeningResults) -> list[list[Any]]:
    return [
        [
            row.rank,
            row.solution.name,
            round(row.score, SCORE_DIGITS),
            results.method,
            row.low,
            row.high,
            round(row.first_share, 3),
            "; ".join(f"{a.indicator} {localised(a.title)}" for a in row.key_areas),
            row.solution.description,
            *row.medians,
        ]
        for row in results.rows
    ]


def score_rows(screening: Screening) -> list[list[Any]]:
    scores = (
        SolutionScore.objects.filter(solution__screening=screening)
        .select_related("solution", "criterion", "department")
        .order_by("solution__added_at", "criterion__position", "department__slug")
    )
    return [
        [
            s.solution.name,
            s.criterion.code,
            localised(s.criterion.name),
            s.department.slug,
            localised(s.department.name),
            s.value,
        ]
        for s in scores
    ]


def criteria_rows(results: ScreeningResults) -> list[list[Any]]:
    """Each criterion as the ranking used it; alpha is empty where it is undefined."""
    total = sum(criterion.weight for criterion in results.criteria) or 1.0
    alphas = results.agreement.by_criterion if results.agreement else {}
    return [
        [
            c.code,
            localised(c.name),
            c.direction,
            c.weight,
            round(c.weight / total, 4),
            c.scale_min,
            c.scale_max,
            _rounded(alphas.get(c.code)),
        ]
        for c in results.criteria
    ]


def panel_rows(screening: Screening, cells: int) -> list[list[Any]]:
    """Each panel department: how many of the sheet's ``cells`` it scored, and when last (in
    the network's time zone, as the pages show it, with its offset)."""
    zone = zoneinfo.ZoneInfo(screening.city.network.time_zone)
    counts = dict(
        SolutionScore.objects.filter(solution__screening=screening)
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    return [
        [
            member.department.slug,
            localised(member.department.name),
            counts.get(member.department_id, 0),
            cells,
            _in_zone(member.saved_at, zone) if member.saved_at else "",
        ]
        for member in screening.panel.select_related("department").order_by("department__slug")
    ]


def _in_zone(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes")


def _rounded(value: float | None) -> float | str:
    return "" if value is None else round(value, 3)


def ranking_csv(results: ScreeningResults) -> bytes:
    return csv_bytes(ranking_header(results), ranking_rows(results))


def ranking_xlsx(screening: Screening, results: ScreeningResults) -> bytes:
    cells = screening.solutions.count() * len(results.criteria)
    return xlsx_bytes(
        [
            ("Ranking", ranking_header(results), ranking_rows(results)),
            ("Criteria", CRITERIA_COLUMNS, criteria_rows(results)),
            ("Panel", PANEL_COLUMNS, panel_rows(screening, cells)),
            ("Scores", SCORE_COLUMNS, score_rows(screening)),
        ],
        title=_workbook_title(screening, results.method),
    )


def _workbook_title(screening: Screening, method: str) -> str:
    """The screening and its method; for a training round's, that it counts in no network
    result, as the round's own workbooks say."""
    title = f"{screening.title} · {method}"
    if screening.round is not None and screening.round.is_training:
        return f"{training_banner()}: {title}"
    return title

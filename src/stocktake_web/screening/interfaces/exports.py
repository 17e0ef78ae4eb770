"""A screening's ranked result as CSV and XLSX, written by the core's safe writers.

Candidate names and descriptions are typed by a coordinator: the core's writers
(:mod:`stocktake.io.spreadsheets`) neutralise any that a spreadsheet would run as a formula, and
XLSX cells holding text are strings. The workbook has the ranking and the panel's scores.
"""

from __future__ import annotations

from typing import Any

from stocktake.screening.ranking import SCORE_DIGITS
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
SCORE_COLUMNS = ("solution", "criterion", "department", "score")


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
    return [[s.solution.name, s.criterion.code, s.department.slug, s.value] for s in scores]


def ranking_csv(results: ScreeningResults) -> bytes:
    return csv_bytes(ranking_header(results), ranking_rows(results))


def ranking_xlsx(screening: Screening, results: ScreeningResults) -> bytes:
    return xlsx_bytes(
        [
            ("Ranking", ranking_header(results), ranking_rows(results)),
            ("Scores", SCORE_COLUMNS, score_rows(screening)),
        ]
    )

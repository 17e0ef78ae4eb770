"""Benchmark exports as CSV and XLSX, written by the core's writers.

:mod:`stocktake.io.spreadsheets` neutralises formula-like text (a city named ``=HYPERLINK(…)``
reaches the spreadsheet as text) and keeps numbers as numbers. A city's export holds the same
statistics as its page and hides the same ones; the secretariat's holds the cohort's tables, every
city named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy

from stocktake.network.shared import SharedKeyArea, SupportTotal
from stocktake_web.benchmarking.domain.benchmarks import Benchmark, level_scores
from stocktake_web.benchmarking.interfaces.cohort import (
    city_name,
    heatmap_rows,
    key_area_rows,
    support_rows,
)
from stocktake_web.benchmarking.interfaces.rows import BenchmarkRow, level_rows
from stocktake_web.dashboards.interfaces.exports import (
    CSV,
    XLSX,
    ExportFile,
    csv_bytes,
    xlsx_bytes,
)

Table = tuple[str, Sequence[str], list[list[Any]]]

STATISTIC_COLUMNS: tuple[str, ...] = (
    "level",
    "id",
    "title",
    "own_score",
    "cities",
    "lowest",
    "lower_quartile",
    "median",
    "upper_quartile",
    "best",
    "position",
    "hidden",
)
KEY_AREA_COLUMNS: tuple[str, ...] = ("indicator", "title", "cities_count", "cities")
SUPPORT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "title",
    "kind",
    "department",
    "requests",
    "weight",
    "cities",
)
COHORT_TABLES: tuple[str, ...] = ("scores", "heatmap", "statistics", "key-areas", "support")
"""The secretariat's tables, each one CSV file or one sheet of the workbook."""
COHORT_TABLE_TITLES = {
    "scores": gettext_lazy("Scores by city and indicator (CSV)"),
    "heatmap": gettext_lazy("Scores by city and theme (CSV)"),
    "statistics": gettext_lazy("Cohort statistics (CSV)"),
    "key-areas": gettext_lazy("Shared key areas (CSV)"),
    "support": gettext_lazy("Support asked for (CSV)"),
}


def _stem(bench: Benchmark) -> str:
    key = bench.choice.framework.key.replace("@", "-")
    if bench.city is None:
        return f"cohort-{bench.choice.cohort.pk}-benchmark-{key}"
    return f"{bench.city}-benchmark-cohort-{bench.choice.cohort.pk}-{key}"


def statistic_rows(bench: Benchmark) -> list[list[Any]]:
    """Every level's statistics; a hidden one's numbers are left empty, with the reason."""
    rows = []
    for level in bench.levels:
        rows += [_statistic_row(level.name, row) for row in level_rows(bench, level)]
    return rows


def _statistic_row(level: str, row: BenchmarkRow) -> list[Any]:
    found = row.distribution
    numbers: list[Any] = [None] * 6
    if found is not None:
        numbers = [
            found.count,
            found.lowest,
            found.lower_quartile,
            found.median,
            found.upper_quartile,
            found.best,
        ]
    return [level, row.item, row.title, row.own, *numbers, row.position, row.hidden]


def city_file(bench: Benchmark, *, workbook: bool) -> ExportFile:
    """A city's benchmark: its own scores and the statistics its cohort lets it see."""
    rows = statistic_rows(bench)
    if workbook:
        content = xlsx_bytes([("benchmark", STATISTIC_COLUMNS, rows)])
        return ExportFile(f"{_stem(bench)}.xlsx", XLSX, content)
    return ExportFile(f"{_stem(bench)}.csv", CSV, csv_bytes(STATISTIC_COLUMNS, rows))


def cohort_tables(
    bench: Benchmark, shared: list[SharedKeyArea], support: list[SupportTotal]
) -> dict[str, Table]:
    """The secretariat's tables by name: scores (cities × indicators, with the total), the
    heatmap (cities × themes), the cohort's statistics, shared key areas and support totals."""
    indicators = list(bench.level("indicator").titles)
    scores = [
        [
            city_name(signed),
            signed.record["total"]["score"],
            *level_scores("indicator", signed.record, indicators).values(),
        ]
        for signed in sorted(bench.rounds, key=lambda s: city_name(s).casefold())
    ]
    themes = list(bench.level("theme").titles)
    heat = [
        [row.city, row.total.score, *(cell.score for cell in row.cells)]
        for row in heatmap_rows(bench)
    ]
    areas = [
        [row.indicator, row.title, row.count, ", ".join(row.cities)]
        for row in key_area_rows(bench, shared)
    ]
    asked = [
        [
            row.indicator,
            row.title,
            row.kind,
            row.department,
            row.requests,
            row.weight,
            ", ".join(row.cities),
        ]
        for row in support_rows(bench, support)
    ]
    return {
        "scores": ("scores", ["city", "total", *indicators], scores),
        "heatmap": ("heatmap", ["city", "total", *themes], heat),
        "statistics": ("statistics", STATISTIC_COLUMNS, statistic_rows(bench)),
        "key-areas": ("key areas", KEY_AREA_COLUMNS, areas),
        "support": ("support", SUPPORT_COLUMNS, asked),
    }


def cohort_csv(bench: Benchmark, tables: dict[str, Table], table: str) -> ExportFile:
    """One of :data:`COHORT_TABLES` as CSV."""
    _title, header, rows = tables[table]
    return ExportFile(f"{_stem(bench)}-{table}.csv", CSV, csv_bytes(header, rows))


def cohort_workbook(bench: Benchmark, tables: dict[str, Table]) -> ExportFile:
    """Every table of :data:`COHORT_TABLES`, one sheet each."""
    content = xlsx_bytes([tables[name] for name in COHORT_TABLES])
    return ExportFile(f"{_stem(bench)}.xlsx", XLSX, content)

"""The secretariat's view of a cohort: the heatmap, shared key areas and support asked.

Only the secretariat sees these tables, and every city in them is named (consent lets the
secretariat see every signed-off round). The numbers come from the stored records and the
core's summaries; this module puts names and titles in the reader's language beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.frameworks import Framework
from stocktake.network.shared import SharedKeyArea, SupportTotal
from stocktake_web.benchmarking.domain.benchmarks import (
    Benchmark,
    SignedOff,
    level_scores,
)
from stocktake_web.dashboards.interfaces.heatmap import HeatCell
from stocktake_web.languages import current_language, localised


@dataclass(frozen=True)
class HeatmapRow:
    """One city across the themes; a cell with no score is a theme it did not answer."""

    city: str
    total: HeatCell
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Column:
    item: str
    title: str


@dataclass(frozen=True)
class KeyAreaRow:
    indicator: str
    title: str
    count: int
    cities: tuple[str, ...]


@dataclass(frozen=True)
class SupportRow:
    indicator: str
    title: str
    kind: str
    department: str
    requests: int
    weight: float
    cities: tuple[str, ...]


def theme_columns(bench: Benchmark) -> list[Column]:
    level = bench.level("theme")
    return [Column(item, localised(title)) for item, title in level.titles.items()]


def heatmap_rows(bench: Benchmark) -> list[HeatmapRow]:
    """Cities in name order × themes, each cell the city's 0–100 score on the theme."""
    themes = list(bench.level("theme").titles)
    rows = []
    for signed in sorted(bench.rounds, key=lambda s: city_name(s).casefold()):
        scores = level_scores("theme", signed.record, themes)
        rows.append(
            HeatmapRow(
                city=city_name(signed),
                total=HeatCell(True, signed.record["total"]["score"]),
                cells=tuple(HeatCell(True, scores[theme]) for theme in themes),
            )
        )
    return rows


def key_area_rows(bench: Benchmark, shared: list[SharedKeyArea]) -> list[KeyAreaRow]:
    names = city_names(bench)
    return [
        KeyAreaRow(
            indicator=area.indicator,
            title=indicator_title(bench.framework, area.indicator),
            count=area.count,
            cities=tuple(names[slug] for slug in area.cities),
        )
        for area in shared
    ]


@dataclass(frozen=True)
class KeyAreaTables:
    """Key areas two cities or more share, and those of one city only (shown folded)."""

    shared: list[KeyAreaRow]
    single: list[KeyAreaRow]


def key_area_tables(bench: Benchmark, shared: list[SharedKeyArea]) -> KeyAreaTables:
    rows = key_area_rows(bench, shared)
    return KeyAreaTables([r for r in rows if r.count > 1], [r for r in rows if r.count == 1])


def support_rows(bench: Benchmark, totals: list[SupportTotal]) -> list[SupportRow]:
    names = city_names(bench)
    kinds = {kind.id: localised(kind.label) for kind in bench.framework.support_kinds}
    departments = {item.id: localised(item.name) for item in bench.framework.departments}
    return [
        SupportRow(
            indicator=total.indicator,
            title=indicator_title(bench.framework, total.indicator),
            kind=kinds.get(total.kind, total.kind),
            department=departments.get(total.department, total.department),
            requests=total.requests,
            weight=total.weight,
            cities=tuple(names[slug] for slug in total.cities),
        )
        for total in totals
    ]


def city_name(signed: SignedOff) -> str:
    return signed.shared.city.display_name(current_language())


def city_names(bench: Benchmark) -> dict[str, str]:
    return {signed.slug: city_name(signed) for signed in bench.rounds}


def indicator_title(framework: Framework, indicator: str) -> str:
    try:
        return localised(framework.indicator(indicator).title)
    except KeyError:
        return indicator

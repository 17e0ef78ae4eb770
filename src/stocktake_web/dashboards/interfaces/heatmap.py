"""Indicators × departments: each department's answer on the indicator's 0–100 scale."""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.answers import normalised_score
from stocktake.consolidate import Consolidation
from stocktake.frameworks import Framework
from stocktake_web.languages import localised
from stocktake_web.network.models import Department


@dataclass(frozen=True)
class HeatCell:
    assigned: bool
    score: float | None

    @property
    def css(self) -> str:
        """``heat-0`` (lowest fifth) to ``heat-4``; ``heat-blank`` unanswered, ``heat-none``."""
        if not self.assigned:
            return "heat-none"
        if self.score is None:
            return "heat-blank"
        return f"heat-{min(4, int(self.score // 20))}"


@dataclass(frozen=True)
class HeatRow:
    indicator: str
    title: str
    cells: list[HeatCell]
    disagree: bool


def heatmap(
    framework: Framework,
    consolidation: Consolidation,
    departments: list[Department],
    assigned: set[tuple[str, int]],
) -> list[HeatRow]:
    rows = []
    for indicator in framework.indicators():
        value = consolidation.values[indicator.id]
        cells = []
        for department in departments:
            points = value.department_points.get(department.slug)
            cells.append(
                HeatCell(
                    assigned=(indicator.id, department.pk) in assigned,
                    score=normalised_score(indicator, points),
                )
            )
        rows.append(HeatRow(indicator.id, localised(indicator.title), cells, value.disagree))
    return rows

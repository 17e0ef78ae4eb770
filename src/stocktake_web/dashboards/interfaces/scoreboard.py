"""Scores and key areas as the dashboard shows them, from the core's JSON-ready records.

Live rounds and signed-off rounds go through the same code: a live round's records come from
the core now, a signed-off round's from what was stored at sign-off, so a signed-off dashboard
shows exactly the recorded results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stocktake.frameworks import PATHWAYS, Framework
from stocktake.reports.charts import Bar
from stocktake.scoring import PointsHeadline, indicators_expected, points_headline
from stocktake_web.dashboards.interfaces.reasons import reason_text
from stocktake_web.languages import localised


@dataclass(frozen=True)
class KeyArea:
    rank: int
    indicator: str
    title: str
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class Scoreboard:
    total: float | None
    coverage: float
    dimensions: list[Bar]
    pathways: list[Bar]
    key_areas: list[KeyArea]
    unverified: list[str]
    framework_key: str
    stored: bool
    """True when read from the sign-off record rather than computed now."""
    headline: PointsHeadline | None = None
    """Points of the maximum and of what was attainable, for a sum-scored framework (the CBI
    reads "36 of 92"); ``None`` for a framework scored 0–100."""
    n_scored: int = 0
    n_expected: int = 0

    @property
    def answered_nothing(self) -> bool:
        """No indicator is scored: the round's pages say that nothing is answered yet."""
        return self.n_scored == 0


def scoreboard(
    record: dict[str, Any], priorities: list[dict[str, Any]], framework: Framework, *, stored: bool
) -> Scoreboard:
    groups = record["groups"]
    dimensions = [
        Bar(localised(groups[key]["title"]), groups[key]["score"]) for key in record["dimensions"]
    ]
    pathways = [
        Bar(localised(record["pathways"][key]["title"]), record["pathways"][key]["score"])
        for key in PATHWAYS
        if key in record["pathways"]
    ]
    key_areas = [
        KeyArea(
            rank=item["rank"],
            indicator=item["indicator"],
            title=localised(item["title"]),
            score=item["score"],
            reasons=[reason_text(reason, framework) for reason in item["reasons"]],
        )
        for item in priorities
    ]
    return Scoreboard(
        total=record["total"]["score"],
        coverage=record["total"]["coverage"],
        dimensions=dimensions,
        pathways=pathways,
        key_areas=key_areas,
        unverified=record["unverified"],
        framework_key=record["framework"],
        stored=stored,
        headline=points_headline(record),
        n_scored=int(record["total"]["n_scored"]),
        n_expected=indicators_expected(record["total"]),
    )

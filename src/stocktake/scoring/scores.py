"""Consolidated indicator points -> group, dimension, pathway and total scores.

Two rules, chosen by the framework's ``scoring.method``:

``sum`` (CBI, UNDRR)
    A group's points are the sum of its answered indicators' points. Its score is those points as
    a percentage of the *attainable* maximum (the maxima of the indicators that were scored), so an
    unscored indicator lowers coverage, never the score. The full maximum is reported beside it.
``mean`` (issa-36)
    Each indicator's points become 0–100 of its own range; a group's score is the weighted mean of
    its scored children (sub-groups and indicators), weights rescaled over the children present.

A pathway is scored like a group whose children are the indicators tagged with it. Coverage is the
share of expected indicators that were scored; an optional indicator is expected only once answered.
An indicator a derived framework marks not applicable counts nowhere: not in points, maxima,
weights or coverage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from stocktake.answers import Answer, normalised_score
from stocktake.consolidate import Consolidation, consolidate
from stocktake.frameworks.schema import PATHWAYS, Framework, Group, Indicator

PATHWAY_TITLES: dict[str, dict[str, str]] = {
    "low_emission": {
        "en": "Low emission development",
        "zh-Hant": "低排放發展",
        "ja": "低排出型の発展",
        "ko": "저탄소 발전",
    },
    "nature_based": {
        "en": "Nature-based development",
        "zh-Hant": "以自然為本的發展",
        "ja": "自然に基づく発展",
        "ko": "자연 기반 발전",
    },
    "equitable": {
        "en": "Equitable and people-centred development",
        "zh-Hant": "公平與以人為本的發展",
        "ja": "公平で人間中心の発展",
        "ko": "공정하고 사람 중심적인 발전",
    },
    "resilient": {
        "en": "Resilient development",
        "zh-Hant": "韌性發展",
        "ja": "レジリエントな発展",
        "ko": "회복력 있는 발전",
    },
    "circular": {
        "en": "Circular development",
        "zh-Hant": "循環發展",
        "ja": "循環型の発展",
        "ko": "순환형 발전",
    },
}


@dataclass(frozen=True)
class IndicatorScore:
    indicator: str
    points: float | None
    min_points: float
    max_points: float
    score: float | None
    """Points as 0–100 of the indicator's range; ``None`` when not scored."""
    optional: bool = False


@dataclass(frozen=True)
class GroupScore:
    """A group's (or pathway's, or the whole framework's) result."""

    id: str
    kind: str
    title: dict[str, str]
    points: float
    max_points: float
    attainable_max: float
    """Sum of the maxima of the indicators actually scored."""
    score: float | None
    """0–100; ``None`` when nothing below was scored."""
    coverage: float
    """``n_scored / n_expected``; 0 when nothing is expected."""
    n_indicators: int
    n_scored: int
    n_expected: int
    """Indicators expected to be scored: every indicator that is not optional, and the optional
    ones that were scored (CBI 4–8 are not expected on a first application)."""
    children: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AssessmentScore:
    """Everything computed for one city's answers on one framework."""

    framework: str
    """``id@version`` of the exact framework used."""
    method: str
    indicators: dict[str, IndicatorScore]
    groups: dict[str, GroupScore]
    dimensions: list[GroupScore]
    pathways: dict[str, GroupScore]
    total: GroupScore
    consolidation: Consolidation
    unverified: list[str]

    @property
    def coverage(self) -> float:
        return self.total.coverage

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record, enough to store and reproduce the result."""
        return {
            "framework": self.framework,
            "method": self.method,
            "consolidation": {
                "rule": self.consolidation.rule,
                "threshold": self.consolidation.threshold,
                "alpha": self.consolidation.alpha,
                "needs_reconciliation": list(self.consolidation.needs_reconciliation),
            },
            "total": asdict(self.total),
            "dimensions": [g.id for g in self.dimensions],
            "groups": {key: asdict(g) for key, g in self.groups.items()},
            "pathways": {key: asdict(g) for key, g in self.pathways.items()},
            "indicators": {key: asdict(s) for key, s in self.indicators.items()},
            "unverified": list(self.unverified),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator, group, pathway and the total, with level, points and score."""
        rows: list[dict[str, Any]] = [
            _row("total", self.total),
            *(_row("group", g) for g in self.groups.values()),
            *(_row("pathway", g) for g in self.pathways.values()),
        ]
        rows += [
            {
                "level": "indicator",
                "id": s.indicator,
                "kind": "indicator",
                "points": s.points,
                "max_points": s.max_points,
                "score": s.score,
            }
            for s in self.indicators.values()
        ]
        return pd.DataFrame(rows)


def _row(level: str, group: GroupScore) -> dict[str, Any]:
    return {
        "level": level,
        "id": group.id,
        "kind": group.kind,
        "points": group.points,
        "max_points": group.max_points,
        "attainable_max": group.attainable_max,
        "score": group.score,
        "coverage": group.coverage,
    }


def score_assessment(
    framework: Framework,
    answers: Sequence[Answer] | Consolidation,
) -> AssessmentScore:
    """Score one city's answers (or an existing consolidation) on ``framework``."""
    consolidation = (
        answers if isinstance(answers, Consolidation) else consolidate(framework, answers)
    )
    indicators = {
        ind.id: _indicator_score(ind, consolidation.values[ind.id].points)
        for ind in framework.indicators()
    }
    scorer = _Scorer(framework, indicators)
    groups: dict[str, GroupScore] = {}
    dimensions = [scorer.group(top, groups) for top in framework.groups]
    total = scorer.combine(
        framework.id,
        "framework",
        dict(framework.title),
        [(g, top.weight) for g, top in zip(dimensions, framework.groups, strict=True)],
        list(framework.indicators()),
        [],
    )
    pathways = {}
    for key in PATHWAYS:
        tagged = [ind for ind in framework.indicators() if key in ind.pathways]
        if tagged:
            pathways[key] = scorer.combine(key, "pathway", PATHWAY_TITLES[key], [], tagged, tagged)
    return AssessmentScore(
        framework=framework.key,
        method=framework.scoring.method,
        indicators=indicators,
        groups=groups,
        dimensions=dimensions,
        pathways=pathways,
        total=total,
        consolidation=consolidation,
        unverified=framework.unverified_sources(),
    )


def _indicator_score(indicator: Indicator, points: float | None) -> IndicatorScore:
    return IndicatorScore(
        indicator=indicator.id,
        points=points,
        min_points=indicator.min_points,
        max_points=indicator.max_points,
        score=normalised_score(indicator, points),
        optional=indicator.optional,
    )


class _Scorer:
    """Walks the framework tree once, applying the framework's rule at every group."""

    def __init__(self, framework: Framework, indicators: dict[str, IndicatorScore]) -> None:
        self.method = framework.scoring.method
        self.indicators = indicators
        self.skipped = framework.not_applicable

    def group(self, group: Group, out: dict[str, GroupScore]) -> GroupScore:
        children = [(self.group(child, out), child.weight) for child in group.groups]
        below = list(group.walk_indicators())
        result = self.combine(
            group.id, group.kind, dict(group.title), children, below, list(group.indicators)
        )
        out[group.id] = result
        return result

    def combine(
        self,
        key: str,
        kind: str,
        title: dict[str, str],
        child_groups: list[tuple[GroupScore, float]],
        below: list[Indicator],
        direct: list[Indicator],
    ) -> GroupScore:
        """Score a node from its child groups and the indicators directly under it.

        ``below`` is every indicator under the node (for points, maxima and coverage); ``direct``
        are the ones that are its own children in a ``mean`` aggregation.
        """
        below = [ind for ind in below if ind.id not in self.skipped]
        direct = [ind for ind in direct if ind.id not in self.skipped]
        scores = [self.indicators[ind.id] for ind in below]
        scored = [s for s in scores if s.points is not None]
        expected = [s for s in scores if not s.optional or s.points is not None]
        points = sum(s.points for s in scored if s.points is not None)
        attainable = sum(s.max_points for s in scored)
        attainable_min = sum(s.min_points for s in scored)
        if self.method == "sum":
            span = attainable - attainable_min
            score = 100.0 * (points - attainable_min) / span if scored and span else None
        else:
            candidates = [(g.score, w) for g, w in child_groups]
            candidates += [(self.indicators[ind.id].score, ind.weight) for ind in direct]
            parts = [(s, w) for s, w in candidates if s is not None]
            weight = sum(w for _, w in parts)
            score = sum(s * w for s, w in parts) / weight if parts else None
        return GroupScore(
            id=key,
            kind=kind,
            title=title,
            points=points,
            max_points=sum(s.max_points for s in scores),
            attainable_max=attainable,
            score=score,
            coverage=len(scored) / len(expected) if expected else 0.0,
            n_indicators=len(scores),
            n_scored=len(scored),
            n_expected=len(expected),
            children=tuple(g.id for g, _ in child_groups) + tuple(ind.id for ind in direct),
        )

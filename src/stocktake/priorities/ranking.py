"""The city's key areas for development, each with its reasons in plain words.

An indicator is a candidate when its consolidated points fall short of the target. Each candidate
gets a priority score on 0–100:

    priority = 100 · (w_gap·gap + w_imp·importance + w_sup·support + w_dis·disagreement) / Σw

* ``gap`` = (target − points) / (target − min points), in [0, 1];
* ``importance`` = (mean respondent rating − 1) / 4, in [0, 1]; 0.5 when nobody rated it;
* ``support`` = share of the answering departments that asked for any kind of support;
* ``disagreement`` = spread of the departments' answers on the 0–100 scale, divided by 100.

Ties are broken by the larger gap, then by the framework's order, so the ranking is deterministic.
Unanswered indicators are not ranked (there is no evidence of a need); they show in coverage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from stocktake.answers import Answer
from stocktake.consolidate import ConsolidatedValue, Consolidation, consolidate
from stocktake.errors import StocktakeError
from stocktake.frameworks.schema import Framework, Indicator, MaturityIndicator

ReasonCode = Literal["gap", "importance", "support", "disagreement"]


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the four terms; defaults favour the measured gap (documented in methods.md)."""

    gap: float = 0.5
    importance: float = 0.2
    support: float = 0.2
    disagreement: float = 0.1

    def __post_init__(self) -> None:
        values = (self.gap, self.importance, self.support, self.disagreement)
        if min(values) < 0 or sum(values) <= 0:
            raise StocktakeError(
                "priority weights must be zero or positive and at least one must be positive"
            )

    @property
    def total(self) -> float:
        return self.gap + self.importance + self.support + self.disagreement


@dataclass(frozen=True)
class Reason:
    """One reason an indicator is a key area: a code and values for translation, and English."""

    code: ReasonCode
    params: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Priority:
    rank: int
    indicator: str
    title: dict[str, str]
    score: float
    gap: float
    importance: float | None
    """Mean respondent rating, 1–5; ``None`` when nobody rated it."""
    support: dict[str, int]
    """Support kind -> number of departments asking for it."""
    disagreement: bool
    reasons: list[Reason] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rank_priorities(
    framework: Framework,
    answers: Sequence[Answer],
    *,
    top: int = 10,
    weights: PriorityWeights | None = None,
    consolidation: Consolidation | None = None,
) -> list[Priority]:
    """Rank the key areas for development for one city's answers on ``framework``.

    Parameters
    ----------
    framework
        The framework answered.
    answers
        The city's department (and reconciled) answers; their importance ratings and support
        requests are part of the ranking, so the answers themselves are always needed.
    top
        How many areas to return (fewer when fewer indicators fall short of the target).
    weights
        Weights of the gap, importance, support and disagreement terms.
    consolidation
        The answers' consolidation when the caller already has it (``score.consolidation``), so
        it is not computed twice; by default it is computed here with the default rule.
    """
    if top < 1:
        raise StocktakeError("the number of key areas to list must be at least 1")
    weights = weights or PriorityWeights()
    consolidation = consolidation or consolidate(framework, answers)
    by_indicator: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        if not answer.reconciled:
            by_indicator[answer.indicator].append(answer)
    candidates = []
    for order, indicator in enumerate(framework.indicators()):
        value = consolidation.values[indicator.id]
        built = _candidate(framework, indicator, value, by_indicator[indicator.id], weights)
        if built is not None:
            candidates.append((built, order))
    candidates.sort(key=lambda pair: (-pair[0].score, -pair[0].gap, pair[1]))
    return [replace(p, rank=rank) for rank, (p, _) in enumerate(candidates[:top], start=1)]


def target_points(framework: Framework, indicator: Indicator) -> float:
    """The indicator's own target, or ``target_share`` of its range above its minimum."""
    if indicator.target is not None:
        return indicator.target
    low, high = indicator.min_points, indicator.max_points
    return low + framework.scoring.target_share * (high - low)


def _candidate(
    framework: Framework,
    indicator: Indicator,
    value: ConsolidatedValue,
    answers: list[Answer],
    weights: PriorityWeights,
) -> Priority | None:
    if value.points is None:
        return None
    target = target_points(framework, indicator)
    if value.points >= target or target <= indicator.min_points:
        return None
    gap = (target - value.points) / (target - indicator.min_points)
    ratings = [a.importance for a in answers if a.importance is not None]
    importance = sum(ratings) / len(ratings) if ratings else None
    answering = {a.department for a in answers if not a.is_blank} or {""}
    asking = {a.department for a in answers if a.support_needed}
    support = Counter(kind for a in answers for kind in dict.fromkeys(a.support_needed))
    terms = (
        weights.gap * gap
        + weights.importance * ((importance - 1) / 4 if importance is not None else 0.5)
        + weights.support * min(1.0, len(asking) / len(answering))
        + weights.disagreement * min(1.0, value.spread / 100.0)
    )
    reasons = _reasons(framework, indicator, value, target, importance, support, asking, answering)
    return Priority(
        rank=0,
        indicator=indicator.id,
        title=dict(indicator.title),
        score=round(100.0 * terms / weights.total, 6),
        gap=gap,
        importance=importance,
        support=dict(sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))),
        disagreement=value.disagree,
        reasons=reasons,
    )


def _reasons(
    framework: Framework,
    indicator: Indicator,
    value: ConsolidatedValue,
    target: float,
    importance: float | None,
    support: Counter[str],
    asking: set[str],
    answering: set[str],
) -> list[Reason]:
    points = value.points or 0.0
    unit = "level" if isinstance(indicator, MaturityIndicator) else "points"
    where = (
        f"At level {points:g} of {indicator.max_points:g}"
        if unit == "level"
        else f"Scores {points:g} of {indicator.max_points:g} points"
    )
    reasons = [
        Reason(
            "gap",
            {"points": points, "target": target, "max": indicator.max_points, "unit": unit},
            f"{where}, {target - points:g} below the target of {target:g}.",
        )
    ]
    if importance is not None:
        reasons.append(
            Reason(
                "importance",
                {"importance": round(importance, 2)},
                f"Departments rate its importance {importance:.1f} of 5.",
            )
        )
    if support:
        labels = {k.id: k.label.get("en", k.id).lower() for k in framework.support_kinds}
        kinds = ", ".join(
            f"{labels.get(kind, kind)} ({count})" for kind, count in support.most_common()
        )
        reasons.append(
            Reason(
                "support",
                {"asking": len(asking), "answering": len(answering), "kinds": dict(support)},
                f"{len(asking)} of {len(answering)} "
                f"{'department' if len(answering) == 1 else 'departments'} asked for support: "
                f"{kinds}.",
            )
        )
    if value.disagree:
        low, high = min(value.department_points.values()), max(value.department_points.values())
        settled = "reconciled by the coordinator" if value.reconciled else "not yet reconciled"
        reasons.append(
            Reason(
                "disagreement",
                {"low": low, "high": high, "reconciled": value.reconciled},
                f"Departments disagree ({unit.removesuffix('s')}s {low:g} to {high:g}); {settled}.",
            )
        )
    return reasons

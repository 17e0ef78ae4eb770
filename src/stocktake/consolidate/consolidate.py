"""Several departments' answers to one indicator -> one value, with the disagreement made visible.

The rule, in order: the coordinator's reconciled answer wins; a single answer stands; otherwise the
departments' points are combined by ``rule`` (default ``median``: the *lower* median, so the result
is always a level some department actually chose, and a split between two levels is settled on the
level every department has reached). Disagreement is the spread of the departments' points on the
indicator's 0–100 scale; at or above ``threshold`` the indicator needs reconciliation until the
coordinator reconciles it. An indicator a derived framework marks not applicable takes no value,
whatever was answered, so no score, key area or progress counts it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from stocktake.answers import Answer, AnswerValue, indicator_points, normalised_score
from stocktake.consolidate.agreement import ordinal_alpha
from stocktake.errors import AnswerError
from stocktake.frameworks.schema import Framework, Indicator

Rule = Literal["median", "min", "max"]
Source = Literal["reconciled", "single", "median", "min", "max", "unanswered", "not_applicable"]

DEFAULT_THRESHOLD = 20.0
"""Spread (on the 0–100 scale) at which departments count as disagreeing: one level or more on a
scale of up to six levels, a fifth of the range on a numeric indicator."""


@dataclass(frozen=True)
class ConsolidatedValue:
    """The one value an indicator takes for the assessment, and how it was reached."""

    indicator: str
    value: AnswerValue
    points: float | None
    source: Source
    n_answers: int
    spread: float
    """Largest minus smallest department score on the indicator's 0–100 scale (0 when < 2)."""
    disagree: bool
    department_points: dict[str, float] = field(default_factory=dict)

    @property
    def reconciled(self) -> bool:
        return self.source == "reconciled"


@dataclass(frozen=True)
class Consolidation:
    """Every indicator's consolidated value, the indicators to reconcile and the agreement."""

    values: dict[str, ConsolidatedValue]
    needs_reconciliation: list[str]
    alpha: float | None
    """Krippendorff's alpha (ordinal) over departments x indicators; ``None`` when undefined."""
    rule: Rule
    threshold: float

    def points(self) -> dict[str, float | None]:
        return {key: item.points for key, item in self.values.items()}

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {
                "indicator": item.indicator,
                "value": item.value,
                "points": item.points,
                "source": item.source,
                "n_answers": item.n_answers,
                "spread": item.spread,
                "disagree": item.disagree,
                "needs_reconciliation": item.indicator in self.needs_reconciliation,
            }
            for item in self.values.values()
        ]
        return pd.DataFrame(rows).set_index("indicator")


def consolidate(
    framework: Framework,
    answers: Sequence[Answer],
    *,
    rule: Rule = "median",
    threshold: float = DEFAULT_THRESHOLD,
) -> Consolidation:
    """Consolidate one city's answers for one round.

    Parameters
    ----------
    framework
        The framework the answers follow; an answer to an unknown indicator is an error.
    answers
        Department answers and, optionally, reconciled answers (``reconciled=True``). Blank
        answers are kept out of the points but never counted as zero.
    rule
        How to combine several departments' points: ``median`` (lower median), ``min`` or ``max``.
    threshold
        Spread on the 0–100 scale at which departments count as disagreeing.
    """
    by_indicator: dict[str, list[Answer]] = defaultdict(list)
    known = {ind.id: ind for ind in framework.indicators()}
    for answer in answers:
        if answer.indicator not in known:
            raise AnswerError(
                f"indicator '{answer.indicator}' is not part of framework {framework.key}",
                column="indicator",
            )
        by_indicator[answer.indicator].append(answer)
    values = {
        ind_id: _consolidate_one(ind, by_indicator.get(ind_id, []), rule, threshold)
        if ind_id not in framework.not_applicable
        else ConsolidatedValue(ind_id, None, None, "not_applicable", 0, 0.0, False, {})
        for ind_id, ind in known.items()
    }
    needs = [key for key, item in values.items() if item.disagree and not item.reconciled]
    return Consolidation(
        values=values,
        needs_reconciliation=needs,
        alpha=_alpha(framework, values),
        rule=rule,
        threshold=threshold,
    )


def _consolidate_one(
    indicator: Indicator, answers: list[Answer], rule: Rule, threshold: float
) -> ConsolidatedValue:
    scored: list[tuple[Answer, float]] = []
    for answer in answers:
        if answer.is_blank or answer.reconciled:
            continue
        points = indicator_points(indicator, answer.value)
        if points is not None:
            scored.append((answer, points))
    department_points = {a.department or f"#{i}": p for i, (a, p) in enumerate(scored)}
    spread = _spread(indicator, [p for _, p in scored])
    disagree = len(scored) > 1 and spread >= threshold
    reconciled = [a for a in answers if a.reconciled and not a.is_blank]
    if reconciled:
        final = reconciled[-1]
        return ConsolidatedValue(
            indicator.id,
            final.value,
            indicator_points(indicator, final.value),
            "reconciled",
            len(scored),
            spread,
            disagree,
            department_points,
        )
    if not scored:
        return ConsolidatedValue(indicator.id, None, None, "unanswered", 0, 0.0, False, {})
    if len(scored) == 1:
        answer, points = scored[0]
        return ConsolidatedValue(
            indicator.id, answer.value, points, "single", 1, 0.0, False, department_points
        )
    answer, points = _combine(scored, rule)
    return ConsolidatedValue(
        indicator.id, answer.value, points, rule, len(scored), spread, disagree, department_points
    )


def _combine(scored: list[tuple[Answer, float]], rule: Rule) -> tuple[Answer, float]:
    """Pick the answer whose points the rule selects (lower median, minimum or maximum)."""
    ordered = sorted(scored, key=lambda pair: pair[1])
    if rule == "min":
        return ordered[0]
    if rule == "max":
        return ordered[-1]
    return ordered[(len(ordered) - 1) // 2]


def _spread(indicator: Indicator, points: list[float]) -> float:
    if len(points) < 2:
        return 0.0
    high = normalised_score(indicator, max(points))
    low = normalised_score(indicator, min(points))
    return float((high or 0.0) - (low or 0.0))


def _alpha(framework: Framework, values: dict[str, ConsolidatedValue]) -> float | None:
    """Krippendorff's ordinal alpha with departments as coders and indicators as units."""
    table = {
        key: item.department_points
        for key, item in values.items()
        if len(item.department_points) >= 2
    }
    return ordinal_alpha(table)

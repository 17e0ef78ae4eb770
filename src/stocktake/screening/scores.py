"""A panel's scores: one per scorer, solution and criterion, combined by their median.

Each department of the panel scores every candidate solution on every criterion. The scores of
one solution on one criterion are combined by their **median**, which one outlying scorer cannot
drag (the mean of 1, 5 and 5 is 3.7, the median 5); with an even number of scorers it is the mean
of the middle two. Before anything is ranked every pair must have at least one score: a missing
pair is refused, naming it (:class:`~stocktake.screening.errors.MissingScoresError`).

How far the scorers agree is measured as the assessments measure departments: Krippendorff's
alpha for ordinal data (:func:`stocktake.consolidate.ordinal_alpha`), with every
``(solution, criterion)`` pair a unit and every scorer a coder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.consolidate import ordinal_alpha
from stocktake.screening.criteria import TOO_LARGE, Criterion
from stocktake.screening.errors import MissingScoresError, ScreeningError


@dataclass(frozen=True)
class Score:
    """One scorer's score of one solution on one criterion (``scorer`` blank when unnamed)."""

    solution: str
    criterion: str
    value: float
    scorer: str = ""


@dataclass(frozen=True)
class ScoreMatrix:
    """The combined scores: solutions × criteria medians, and how many scores each holds.

    ``values`` and ``counts`` have one row per solution and one column per criterion, in the
    orders of ``solutions`` and ``criteria``.
    """

    solutions: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray
    counts: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Solutions as rows, criteria as columns, the medians as values."""
        return pd.DataFrame(self.values, index=list(self.solutions), columns=list(self.criteria))


def combine_scores(
    scores: Iterable[Score],
    criteria: Sequence[Criterion],
    *,
    solutions: Sequence[str] | None = None,
) -> ScoreMatrix:
    """The median of each solution's scores on each criterion.

    Parameters
    ----------
    scores
        Every scorer's scores; a criterion the screening does not have is refused.
    criteria
        The screening's criteria, in the order of the matrix's columns.
    solutions
        The candidates, in the order of the matrix's rows; by default those the scores name, in
        order of first appearance.

    Raises
    ------
    ScreeningError
        A score names an unknown criterion or solution, or is off its criterion's scale.
    MissingScoresError
        Some solution has no score on some criterion (every such pair is named).
    """
    ids = [criterion.id for criterion in criteria]
    by_id = {criterion.id: criterion for criterion in criteria}
    grouped: dict[tuple[str, str], list[float]] = defaultdict(list)
    seen: list[str] = []
    for score in scores:
        _check_score(score, by_id, solutions)
        grouped[score.solution, score.criterion].append(score.value)
        if score.solution not in seen:
            seen.append(score.solution)
    rows = tuple(solutions) if solutions is not None else tuple(seen)
    if not rows:
        raise ScreeningError("there is no solution to rank; score at least one")
    missing = [(s, c) for s in rows for c in ids if (s, c) not in grouped]
    if missing:
        raise MissingScoresError(missing)
    values = np.array([[_median(grouped[s, c]) for c in ids] for s in rows])
    counts = np.array([[len(grouped[s, c]) for c in ids] for s in rows])
    return ScoreMatrix(rows, tuple(ids), values, counts)


MEDIAN_DIGITS = 12
"""Significant digits a combined score keeps. The median of an even panel is a mean, and the
mean of 0.1 and 0.2 is 0.15000000000000002 in floating point: TOPSIS and PROMETHEE II turn any
difference, however small, into a preference, so that noise would put one candidate above
another scored 0.15 by everyone. Twelve digits are more than any score is typed with."""


def _median(values: list[float]) -> float:
    return float(f"{float(np.median(values)):.{MEDIAN_DIGITS}g}")


def _check_score(
    score: Score, criteria: dict[str, Criterion], solutions: Sequence[str] | None
) -> None:
    criterion = criteria.get(score.criterion)
    if criterion is None:
        raise ScreeningError(
            f"a score of {score.solution} names the criterion {score.criterion}, "
            "which the screening does not have"
        )
    if solutions is not None and score.solution not in solutions:
        raise ScreeningError(
            f"a score names the solution {score.solution}, which is not a candidate"
        )
    if not criterion.admits(score.value):
        raise ScreeningError(
            f"the score {score.value:g} of {score.solution} on {criterion.id} is "
            f"{_off_scale(criterion)}"
        )


def _off_scale(criterion: Criterion) -> str:
    if criterion.scale is None:
        return f"not a finite number, or {TOO_LARGE}"
    low, high = criterion.scale
    return f"outside its scale of {low:g} to {high:g}"


@dataclass(frozen=True)
class PanelAgreement:
    """Krippendorff's ordinal alpha between scorers, overall and per criterion.

    Attributes
    ----------
    overall
        Over every ``(solution, criterion)`` pair scored twice or more, each score placed on its
        criterion's scale from 0 to 1 (so that a 1–5 and a 0–10 criterion compare), or on the
        range of the scores given when the criterion has no scale; ``None`` when
        alpha is undefined (no pair with two scores, or no variation at all).
    by_criterion
        Per criterion id, over its solutions, on the scores as given.
    scorers
        The scorers counted, sorted.
    """

    overall: float | None
    by_criterion: dict[str, float | None]
    scorers: tuple[str, ...]


def panel_agreement(scores: Iterable[Score], criteria: Sequence[Criterion]) -> PanelAgreement:
    """How far the panel's scorers agree (the assessments' measure, ordinal alpha)."""
    by_id = {criterion.id: criterion for criterion in criteria}
    overall: dict[str, dict[str, float]] = defaultdict(dict)
    per_criterion: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    scorers: set[str] = set()
    known = [score for score in scores if score.criterion in by_id]
    scales = {c.id: c.scale or _observed_range(known, c.id) for c in criteria}
    for score in known:
        scorers.add(score.scorer)
        unit = f"{score.solution}\x1f{score.criterion}"
        overall[unit][score.scorer] = _on_unit_scale(scales[score.criterion], score.value)
        per_criterion[score.criterion][score.solution][score.scorer] = score.value
    return PanelAgreement(
        overall=ordinal_alpha(overall),
        by_criterion={c.id: ordinal_alpha(per_criterion.get(c.id, {})) for c in criteria},
        scorers=tuple(sorted(scorers)),
    )


def _observed_range(scores: Sequence[Score], criterion: str) -> tuple[float, float] | None:
    """The lowest and highest score given on ``criterion``; ``None`` when they are all equal
    (every score then sits at one point, and agreement on it is perfect whatever the scale)."""
    values = [score.value for score in scores if score.criterion == criterion]
    if not values or min(values) == max(values):
        return None
    return min(values), max(values)


def _on_unit_scale(scale: tuple[float, float] | None, value: float) -> float:
    """A score placed on [0, 1] of ``scale``; without one (all scores equal), at 0."""
    if scale is None:
        return 0.0
    low, high = scale
    return (value - low) / (high - low)

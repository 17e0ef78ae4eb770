"""A screening's results as the coordinator sees them, all computed by the core.

The panel's scores become the core's :class:`~stocktake.screening.Score` rows (one per
department), so the median, the ranking (pymcdm), the panel's agreement (the assessments'
ordinal alpha) and the weight sensitivity are exactly what ``stocktake screen`` and a notebook
give for the same scores. The sensitivity draws with a fixed seed, so the page shows the same
intervals every time it is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from stocktake import screening as core
from stocktake.screening.ranking import SCORE_DIGITS
from stocktake_web.assessments.domain.results import round_records
from stocktake_web.assessments.models import Round
from stocktake_web.screening.domain.criteria import core_criterion
from stocktake_web.screening.models import (
    Screening,
    ScreeningCriterion,
    Solution,
    SolutionScore,
)

SENSITIVITY_SEED = 0
SENSITIVITY_SAMPLES = 400
"""Replications on a page: the shares are known to about ±2.5 percentage points, in a fraction
of a second for a screening of forty candidates."""


@dataclass(frozen=True)
class KeyArea:
    """A key area for development (an indicator), its rank in the round (None when it is not
    among the round's key areas) and its title in every language."""

    indicator: str
    rank: int | None
    title: dict[str, str]


@dataclass(frozen=True)
class RankedRow:
    """One solution's line of the ranking."""

    solution: Solution
    score: float
    rank: int
    low: int
    high: int
    first_share: float
    medians: list[float]
    key_areas: list[KeyArea]


@dataclass(frozen=True)
class MissingPair:
    solution: Solution
    criterion: ScreeningCriterion


@dataclass
class ScreeningResults:
    """The ranking by ``method`` with its stability, or the pairs still missing a score."""

    method: str
    criteria: list[ScreeningCriterion]
    rows: list[RankedRow] = field(default_factory=list)
    missing: list[MissingPair] = field(default_factory=list)
    agreement: core.PanelAgreement | None = None
    leader_share: float | None = None
    too_few: bool = False

    @property
    def ready(self) -> bool:
        return bool(self.rows)


def screening_scores(screening: Screening) -> list[core.Score]:
    """Every panel department's scores as the core's rows (solution and criterion by id)."""
    return [
        core.Score(str(solution_id), code, value, slug)
        for solution_id, code, value, slug in SolutionScore.objects.filter(
            solution__screening=screening
        ).values_list("solution_id", "criterion__code", "value", "department__slug")
    ]


def screening_results(
    screening: Screening, *, method: str, key_areas: dict[str, KeyArea] | None = None
) -> ScreeningResults:
    """The screening ranked by ``method`` (one of :data:`stocktake.screening.METHODS`);
    ``key_areas`` are :func:`key_areas_of` the screening's round, when the caller has them."""
    criteria = list(screening.criteria.all())
    solutions = list(screening.solutions.prefetch_related("key_areas"))
    results = ScreeningResults(method=method, criteria=criteria)
    core_criteria = [core_criterion(c) for c in criteria]
    scores = screening_scores(screening)
    results.agreement = core.panel_agreement(scores, core_criteria)
    if len(solutions) < 2:
        results.too_few = True
        return results
    by_id = {str(s.pk): s for s in solutions}
    try:
        matrix = core.combine_scores(scores, core_criteria, solutions=list(by_id))
    except core.MissingScoresError as exc:
        by_code = {c.code: c for c in criteria}
        results.missing = [MissingPair(by_id[s], by_code[c]) for s, c in exc.missing]
        return results
    if key_areas is None:
        key_areas = key_areas_of(screening.round)
    _rank(results, matrix, core_criteria, by_id, key_areas)
    return results


def _rank(
    results: ScreeningResults,
    matrix: core.ScoreMatrix,
    criteria: Sequence[core.Criterion],
    by_id: dict[str, Solution],
    key_areas: dict[str, KeyArea],
) -> None:
    ranking = core.rank_solutions(matrix, criteria, method=results.method)
    stability = core.weight_sensitivity(
        matrix,
        criteria,
        method=results.method,
        samples=SENSITIVITY_SAMPLES,
        random_state=SENSITIVITY_SEED,
    )
    row_of = {s: i for i, s in enumerate(matrix.solutions)}
    for entry, stable in zip(ranking.solutions, stability.solutions, strict=True):
        solution = by_id[entry.solution]
        results.rows.append(
            RankedRow(
                solution=solution,
                score=round(entry.score, SCORE_DIGITS),  # as files print it: never 1e-315
                rank=entry.rank,
                low=stable.low,
                high=stable.high,
                first_share=stable.first_share,
                medians=[float(v) for v in matrix.values[row_of[entry.solution]]],
                key_areas=[_key_area(k.indicator, key_areas) for k in solution.key_areas.all()],
            )
        )
    results.leader_share = stability.leader_share


def _key_area(indicator: str, key_areas: dict[str, KeyArea]) -> KeyArea:
    return key_areas.get(indicator) or KeyArea(indicator, None, {"en": indicator})


def key_areas_of(round: Round | None) -> dict[str, KeyArea]:
    """The round's key areas for development by indicator, best rank first; every other
    indicator of its framework after them (a candidate may address one the round did not rank).
    """
    if round is None:
        return {}
    records = round_records(round)
    found: dict[str, KeyArea] = {
        item["indicator"]: KeyArea(item["indicator"], item["rank"], dict(item["title"]))
        for item in records.priorities
    }
    for indicator in records.framework.indicators():
        found.setdefault(indicator.id, KeyArea(indicator.id, None, dict(indicator.title)))
    return found


def priorities_only(key_areas: dict[str, KeyArea]) -> list[KeyArea]:
    """The ranked key areas of :func:`key_areas_of`, in rank order."""
    return [area for area in key_areas.values() if area.rank is not None]

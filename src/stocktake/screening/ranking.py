"""Candidate solutions ranked by a multi-criteria method on the panel's combined scores.

The ranking is the answer to "which of our candidate solutions serves our agenda best": each
solution's preference by the chosen method (:mod:`stocktake.screening.mcda`) and its rank, 1 for
the best. Solutions whose preferences are equal share a rank and the next rank is skipped
(``1, 2, 2, 4``); tied solutions are listed in the order they were given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.screening.criteria import (
    Criterion,
    check_criteria,
    normalised_weights,
    types_of,
)
from stocktake.screening.errors import ScreeningError
from stocktake.screening.mcda import (
    Method,
    Normalisation,
    check_method,
    competition_ranks,
    criterion_normalisation,
    preferences,
)
from stocktake.screening.scores import Score, ScoreMatrix, combine_scores

SCORE_DIGITS = 6
"""Decimals of a preference as shown and exported; ranks are decided before rounding."""


@dataclass(frozen=True)
class RankedSolution:
    """One solution's place: ``score`` is the method's preference (higher is better)."""

    solution: str
    score: float
    rank: int


@dataclass(frozen=True)
class Ranking:
    """The ranked solutions, best first, and how they were ranked."""

    method: Method
    solutions: tuple[RankedSolution, ...]
    matrix: ScoreMatrix
    weights: tuple[float, ...]
    """The normalised weights, in the order of ``matrix.criteria``."""

    def to_frame(self) -> pd.DataFrame:
        """One row per solution, best first: ``solution``, ``score``, ``rank``."""
        return pd.DataFrame(
            [(s.solution, s.score, s.rank) for s in self.solutions],
            columns=["solution", "score", "rank"],
        )

    def to_records(self) -> list[dict[str, object]]:
        """``[{"solution", "score", "rank"}]``, best first, scores rounded to
        :data:`SCORE_DIGITS` decimals: the command line's JSON."""
        return [
            {"solution": s.solution, "score": round(s.score, SCORE_DIGITS), "rank": s.rank}
            for s in self.solutions
        ]


def decision_inputs(
    matrix: ScoreMatrix, criteria: Sequence[Criterion]
) -> tuple[np.ndarray, np.ndarray, list[Normalisation]]:
    """The weights, types and per-criterion normalisations for ``matrix``'s columns."""
    by_id = {criterion.id: criterion for criterion in criteria}
    ordered = [by_id[code] for code in matrix.criteria]
    return (
        normalised_weights(ordered),
        types_of(ordered),
        [criterion_normalisation(c) for c in ordered],
    )


def rank_solutions(
    matrix: ScoreMatrix, criteria: Sequence[Criterion], *, method: str = "topsis"
) -> Ranking:
    """Rank the solutions of ``matrix`` by ``method`` with the criteria's weights.

    Raises
    ------
    ScreeningError
        Fewer than two solutions (there is nothing to choose between), an unknown method, or
        criteria that break a rule of :func:`~stocktake.screening.criteria.check_criteria`.
    """
    chosen = check_method(method)
    checked = check_criteria(criteria)
    if len(matrix.solutions) < 2:
        raise ScreeningError("a screening ranks two solutions or more; add another candidate")
    weights, types, normalisations = decision_inputs(matrix, checked)
    found = preferences(matrix.values, weights, types, method=chosen, normalisations=normalisations)
    ranks = competition_ranks(found)
    order = sorted(range(len(found)), key=lambda i: (ranks[i], i))
    return Ranking(
        method=chosen,
        solutions=tuple(
            RankedSolution(matrix.solutions[i], float(found[i]), int(ranks[i])) for i in order
        ),
        matrix=matrix,
        weights=tuple(float(w) for w in weights),
    )


def screen(
    criteria: Sequence[Criterion],
    scores: Iterable[Score],
    *,
    method: str = "topsis",
    solutions: Sequence[str] | None = None,
) -> Ranking:
    """Combine the panel's scores by their median and rank the solutions by ``method``.

    ::

        from stocktake.screening import Criterion, Score, screen
        criteria = [Criterion("emissions", 3), Criterion("cost", 1, "cost", scale=(1, 5))]
        ranking = screen(criteria, scores, method="promethee")
        ranking.to_frame()
    """
    checked = check_criteria(criteria)
    return rank_solutions(
        combine_scores(scores, checked, solutions=solutions), checked, method=method
    )

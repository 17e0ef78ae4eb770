"""How stable a screening's ranking is when the weights change.

Weights are judgements, and a ranking that turns over when one of them moves a little should not
decide a city's programme. Each replication multiplies every weight by its own draw of
``U(1 − noise, 1 + noise)`` (the composite analysis's weight noise,
:class:`stocktake.sensitivity.vary.VaryInput`), normalises the weights again and ranks the
solutions with the same method and scores. Per solution the result gives the rank interval that
holds in ``coverage`` of the replications (:func:`stocktake.sensitivity.uncertainty.rank_interval`,
as the composite analysis reports it), the lowest and highest rank reached, and the share of
replications in which the solution ranks first. A criterion of weight 0 stays at 0.

References
----------
Saisana M., Saltelli A., Tarantola S. (2005), Uncertainty and sensitivity analysis techniques as
tools for the quality assessment of composite indicators, *JRSS A* 168(2), 307–323.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.screening.criteria import Criterion, check_criteria
from stocktake.screening.errors import ScreeningError
from stocktake.screening.mcda import check_method, competition_ranks, preferences
from stocktake.screening.ranking import RankedSolution, decision_inputs, rank_solutions
from stocktake.screening.scores import ScoreMatrix
from stocktake.sensitivity.randomness import RandomState, as_generator
from stocktake.sensitivity.uncertainty import rank_interval
from stocktake.sensitivity.vary import VaryInput

DEFAULT_NOISE = 0.25
"""Each weight varies by up to ±25 %, the composite analysis's usual weight noise."""
DEFAULT_SAMPLES = 500
"""Replications; the shares are then known to about ±2 percentage points."""
DEFAULT_COVERAGE = 0.95
MAX_SAMPLES = 20_000


@dataclass(frozen=True)
class SolutionStability:
    """One solution's ranks over the replications."""

    solution: str
    nominal_rank: int
    low: int
    """The best rank of the ``coverage`` interval."""
    high: int
    """The worst rank of the ``coverage`` interval."""
    best: int
    worst: int
    first_share: float
    """The share of replications in which the solution ranks first (ties included)."""


@dataclass(frozen=True)
class WeightSensitivity:
    """The ranking's stability under weight changes, solutions in nominal order."""

    method: str
    noise: float
    samples: int
    coverage: float
    solutions: tuple[SolutionStability, ...]
    ranks: np.ndarray
    """Replications × solutions (in the order of the score matrix)."""

    @property
    def leader_share(self) -> float:
        """The share of replications in which the nominal first solution stays first (the best
        share among solutions tied first)."""
        return max(s.first_share for s in self.solutions if s.nominal_rank == 1)

    def to_frame(self) -> pd.DataFrame:
        """Per solution, nominal order: nominal rank, interval, lowest and highest, first share."""
        return pd.DataFrame(
            [
                (s.solution, s.nominal_rank, s.low, s.high, s.best, s.worst, s.first_share)
                for s in self.solutions
            ],
            columns=["solution", "rank", "low", "high", "best", "worst", "first_share"],
        )


def weight_sensitivity(
    matrix: ScoreMatrix,
    criteria: Sequence[Criterion],
    *,
    method: str = "topsis",
    noise: float = DEFAULT_NOISE,
    samples: int = DEFAULT_SAMPLES,
    coverage: float = DEFAULT_COVERAGE,
    random_state: RandomState = 0,
) -> WeightSensitivity:
    """Rank the solutions ``samples`` times with weights varied by up to ± ``noise``.

    Parameters
    ----------
    matrix, criteria, method
        As for :func:`~stocktake.screening.ranking.rank_solutions`.
    noise
        The half-width of each weight's multiplier, from 0 to below 1 (0.25: ±25 %).
    samples
        Replications, 1 to :data:`MAX_SAMPLES`.
    coverage
        The share of replications the rank interval holds.
    random_state
        A seed (0 included), a generator, or ``None``; the same seed, the same result.

    Raises
    ------
    ScreeningError
        ``noise`` or ``samples`` out of range, or any input :func:`rank_solutions` refuses.
    """
    if not 0 <= noise < 1:
        raise ScreeningError(f"the weight noise must be from 0 to below 1, not {noise}")
    if not 1 <= samples <= MAX_SAMPLES:
        raise ScreeningError(f"the replications must be from 1 to {MAX_SAMPLES}, not {samples}")
    chosen = check_method(method)
    checked = check_criteria(criteria)
    nominal = rank_solutions(matrix, checked, method=chosen)
    weights, types, normalisations = decision_inputs(matrix, checked)
    draws = as_generator(random_state).random((samples, weights.size))
    varied = weights * VaryInput(name="weights", kind="noise", noise=noise).choose(draws)
    varied /= varied.sum(axis=1, keepdims=True)
    found = np.array(
        [
            preferences(matrix.values, row, types, method=chosen, normalisations=normalisations)
            for row in varied
        ]
    )
    ranks = competition_ranks(found)
    return WeightSensitivity(
        method=chosen,
        noise=noise,
        samples=samples,
        coverage=coverage,
        solutions=_per_solution(matrix, nominal.solutions, ranks, coverage),
        ranks=ranks,
    )


def _per_solution(
    matrix: ScoreMatrix, nominal: Sequence[RankedSolution], ranks: np.ndarray, coverage: float
) -> tuple[SolutionStability, ...]:
    low, high = rank_interval(ranks, coverage)
    column = {solution: i for i, solution in enumerate(matrix.solutions)}
    rows = []
    for entry in nominal:
        i = column[entry.solution]
        rows.append(
            SolutionStability(
                solution=matrix.solutions[i],
                nominal_rank=entry.rank,
                low=int(low[i]),
                high=int(high[i]),
                best=int(ranks[:, i].min()),
                worst=int(ranks[:, i].max()),
                first_share=float(np.mean(ranks[:, i] == 1)),
            )
        )
    return tuple(rows)

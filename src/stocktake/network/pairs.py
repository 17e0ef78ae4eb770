"""Pair values: how much two cities of a cohort can teach each other (``docs/methods.md``, 8).

City *a* can teach city *b* on indicator *i* when *a* is strong there (:mod:`~stocktake.network
.strengths`: level 3 of 4 or more, with evidence), shares its results, and *b* answered *i*
lower. What it can teach is the difference of their scores on the indicator's 0–100 scale,
divided by 100, so one indicator's whole range is worth 1:

    teach(a → b) = Σ_i [a strong on i and sharing] · max(0, s_a,i − s_b,i) / 100
    value(a, b)  = teach(a → b) + teach(b → a)

An indicator *b* left unanswered is left out: nothing says what *b* would learn. The value is
symmetric, zero for two cities equally placed, and largest between cities strong where the other
is weak — complementary cities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stocktake.answers import normalised_score
from stocktake.network.cohort import Cohort
from stocktake.network.strengths import STRONG_SHARE, cohort_strengths

VALUE_DIGITS = 6
"""Pair values are rounded to this many decimals, so a sum recomputed anywhere is the same."""


@dataclass(frozen=True)
class PairValue:
    """Two cities (``a`` before ``b`` in id order), what each can teach the other, and where."""

    a: str
    b: str
    value: float
    a_teaches: float
    b_teaches: float
    a_topics: tuple[str, ...]
    """Indicators on which ``a`` can teach ``b``, the largest difference first."""
    b_topics: tuple[str, ...]


def score_matrix(cohort: Cohort) -> tuple[list[str], list[str], np.ndarray]:
    """Cities, indicators and their consolidated scores (0–100; NaN when unanswered)."""
    cities = cohort.cities
    indicators = cohort.framework.indicators()
    scores = np.full((len(cities), len(indicators)), np.nan)
    for row, city in enumerate(cities):
        values = cohort.consolidation(city).values
        for col, indicator in enumerate(indicators):
            score = normalised_score(indicator, values[indicator.id].points)
            if score is not None:
                scores[row, col] = score
    return cities, [ind.id for ind in indicators], scores


def pair_values(cohort: Cohort, *, share: float = STRONG_SHARE) -> list[PairValue]:
    """Every pair of the cohort's cities with its value, in id order of ``a`` then ``b``."""
    cities, indicators, scores = score_matrix(cohort)
    strengths = cohort_strengths(cohort, share=share)
    can_teach = np.array(
        [[cohort.shares(city) and ind in strengths[city] for ind in indicators] for city in cities],
        dtype=bool,
    ).reshape(len(cities), len(indicators))
    found = []
    for i, a in enumerate(cities):
        for j in range(i + 1, len(cities)):
            a_teaches, a_topics = _teaching(scores, can_teach, i, j, indicators)
            b_teaches, b_topics = _teaching(scores, can_teach, j, i, indicators)
            found.append(
                PairValue(
                    a=a,
                    b=cities[j],
                    value=round(a_teaches + b_teaches, VALUE_DIGITS),
                    a_teaches=a_teaches,
                    b_teaches=b_teaches,
                    a_topics=a_topics,
                    b_topics=b_topics,
                )
            )
    return found


def _teaching(
    scores: np.ndarray, can_teach: np.ndarray, teacher: int, learner: int, indicators: list[str]
) -> tuple[float, tuple[str, ...]]:
    """What ``teacher`` can teach ``learner``, and on which indicators (largest first)."""
    difference = scores[teacher] - scores[learner]
    useful = can_teach[teacher] & ~np.isnan(difference) & (np.nan_to_num(difference) > 0)
    amounts = np.where(useful, np.nan_to_num(difference), 0.0) / 100.0
    order = sorted(np.flatnonzero(useful), key=lambda k: (-amounts[k], k))
    return round(float(amounts.sum()), VALUE_DIGITS), tuple(indicators[k] for k in order)

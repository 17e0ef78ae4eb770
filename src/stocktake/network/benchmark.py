"""A city against its cohort: the distribution of one score and where the city stands in it.

A cohort's scores on one item (an indicator, theme, dimension, pathway or the total, each 0–100)
are summarised by the five numbers of a box plot: lowest, lower quartile, median, upper quartile
and best. Quartiles are the linear interpolation between order statistics (Hyndman and Fan's
definition 7, the default of R, NumPy and Excel's ``QUARTILE.INC``), so the median of an even
number of cities is the mean of the middle two. A city that gave no score on the item (a gap) is
left out of its distribution, never counted as zero. Position words compare the city's own score
with the quartiles (``docs/methods.md``, section 11).

The rule of how few cities a distribution may show (consent) belongs to the caller: the
distribution only counts them.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from stocktake.network.errors import NetworkError

TIE_TOLERANCE = 1e-9
"""Two scores closer than this are equal: stored scores are floats such as 66.666…"""


class Position(enum.Enum):
    """Where a score stands among the cohort's, from the highest quarter to the lowest."""

    HIGHEST_QUARTER = "highest_quarter"
    """Above the upper quartile."""
    ABOVE_MEDIAN = "above_median"
    """Above the median, up to the upper quartile."""
    AT_MEDIAN = "at_median"
    BELOW_MEDIAN = "below_median"
    """Below the median, down to the lower quartile."""
    LOWEST_QUARTER = "lowest_quarter"
    """Below the lower quartile."""


@dataclass(frozen=True)
class Distribution:
    """The five-number summary of a cohort's scores on one item, over ``count`` cities."""

    count: int
    lowest: float
    lower_quartile: float
    median: float
    upper_quartile: float
    best: float

    def position(self, score: float) -> Position:
        """The quarter of the cohort ``score`` falls in; a score equal to a quartile is on the
        median's side of it, so the lowest score of a tied cohort is "at the median"."""
        if _same(score, self.median):
            return Position.AT_MEDIAN
        if score > self.median:
            if score > self.upper_quartile and not _same(score, self.upper_quartile):
                return Position.HIGHEST_QUARTER
            return Position.ABOVE_MEDIAN
        if score < self.lower_quartile and not _same(score, self.lower_quartile):
            return Position.LOWEST_QUARTER
        return Position.BELOW_MEDIAN

    def is_best(self, score: float) -> bool:
        """Whether ``score`` equals the best of the cohort (shared with others or not)."""
        return _same(score, self.best)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "count": self.count,
            "lowest": self.lowest,
            "lower_quartile": self.lower_quartile,
            "median": self.median,
            "upper_quartile": self.upper_quartile,
            "best": self.best,
        }


def quantile(ordered: Sequence[float], share: float) -> float:
    """The ``share`` quantile of ascending ``ordered`` values by linear interpolation.

    Parameters
    ----------
    ordered
        At least one finite value, in ascending order.
    share
        Between 0 and 1: 0.25 is the lower quartile, 0.5 the median.

    References
    ----------
    Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages. The American
    Statistician 50(4), 361–365, definition 7.
    """
    if not ordered:
        raise NetworkError("a quantile needs at least one score")
    if not 0.0 <= share <= 1.0:
        raise NetworkError(f"a quantile's share must lie between 0 and 1, not {share!r}")
    place = share * (len(ordered) - 1)
    below = math.floor(place)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (place - below) * (ordered[above] - ordered[below])


def distribution(scores: Iterable[float | None]) -> Distribution | None:
    """The distribution of the given scores, leaving out missing ones; None when none is left.

    Raises
    ------
    NetworkError
        When a score is not a finite number (a stored result that was damaged).
    """
    present = sorted(score for score in scores if score is not None)
    if not present:
        return None
    if not all(math.isfinite(score) for score in present):
        raise NetworkError("a cohort score is not a finite number; check the stored results")
    return Distribution(
        count=len(present),
        lowest=present[0],
        lower_quartile=quantile(present, 0.25),
        median=quantile(present, 0.5),
        upper_quartile=quantile(present, 0.75),
        best=present[-1],
    )


@dataclass(frozen=True)
class ItemBenchmark:
    """One item of a benchmark: the city's own score, the cohort's distribution, the position.

    ``distribution`` is None when no city of the cohort scored the item; ``position`` is None
    when the city itself gave no score on it.
    """

    item: str
    own: float | None
    distribution: Distribution | None

    @property
    def position(self) -> Position | None:
        if self.own is None or self.distribution is None:
            return None
        return self.distribution.position(self.own)

    @property
    def is_best(self) -> bool:
        return (
            self.own is not None
            and self.distribution is not None
            and self.distribution.count > 1
            and self.distribution.is_best(self.own)
        )


def benchmark(
    scores: Mapping[str, Mapping[str, float | None]], items: Iterable[str], city: str | None
) -> list[ItemBenchmark]:
    """Each item's cohort distribution and ``city``'s place in it, in the order of ``items``.

    Parameters
    ----------
    scores
        City id -> item id -> score (0–100, or None for a gap); an item a city does not list is
        a gap too. The cities are the cohort, ``city`` included when it contributes.
    items
        The item ids to summarise, in the order to report them.
    city
        The city whose own score is reported beside each distribution; None for none.
    """
    if city is not None and city not in scores:
        raise NetworkError(f"there is no city '{city}' among the cohort's scores")
    found = []
    for item in items:
        own = scores[city].get(item) if city is not None else None
        found.append(
            ItemBenchmark(item, own, distribution(row.get(item) for row in scores.values()))
        )
    return found


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=TIE_TOLERANCE)

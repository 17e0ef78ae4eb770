"""Uncertainty analysis: how far each unit's rank moves when the build's assumptions vary.

Each replication draws every uncertain input at random (discrete alternatives equally likely,
ranges uniform, weights times ``U(1 − noise, 1 + noise)``), evaluates the index and ranks the
units. Per unit the result gives the nominal rank and the mean, median, 5th and 95th percentile
of its rank over the replications; a narrow 5–95 % interval is a rank that does not depend on
the choices made.

References
----------
Saisana M., Saltelli A., Tarantola S. (2005), Uncertainty and sensitivity analysis techniques as
tools for the quality assessment of composite indicators, *JRSS A* 168(2), 307–323.
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, section 1.8 and step 7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData
from stocktake.composite.spec import BuildSpec
from stocktake.errors import StocktakeError
from stocktake.sensitivity.model import DEFAULT_CHUNK_BYTES, IndexModel, Outputs, Progress
from stocktake.sensitivity.randomness import RandomState, as_generator
from stocktake.sensitivity.vary import VarySpec

PERCENTILES = (5.0, 50.0, 95.0)
UNIT_BLOCK = 64
"""Units whose rank statistics are computed together; their ranks are copied and counted, so a
block bounds that copy whatever the number of replications."""


@dataclass(frozen=True)
class UncertaintyResult:
    """Scores and ranks of every replication, and per-unit rank statistics.

    Attributes
    ----------
    code
        The analysed aggregate (the index by default).
    units
        Unit codes, the column order of ``scores`` and ``ranks``.
    nominal_scores, nominal_ranks
        The nominal build's scores and ranks.
    scores, ranks
        Replications × units.
    settings
        Per replication, the setting of each input (alternative number from 0, or value).
    mean, median, p05, p95
        Per unit rank statistics over the replications (percentiles interpolate linearly, as
        numpy's and R's default); NaN for a unit never ranked.
    """

    code: str
    units: tuple[str, ...]
    nominal_scores: np.ndarray
    nominal_ranks: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    settings: pd.DataFrame
    mean: np.ndarray
    median: np.ndarray
    p05: np.ndarray
    p95: np.ndarray

    @property
    def n(self) -> int:
        """Number of replications."""
        return int(self.ranks.shape[0])

    def rank_interval(self, coverage: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Per unit, the ranks between which it stays in ``coverage`` of the replications
        (:func:`rank_interval`)."""
        return rank_interval(self.ranks, coverage)

    def to_frame(self) -> pd.DataFrame:
        """Per unit, best nominal rank first: ``nominal``, ``mean``, ``median``, ``p05``,
        ``p95`` ranks and the nominal ``score``."""
        frame = pd.DataFrame(
            {
                "nominal": self.nominal_ranks,
                "mean": self.mean,
                "median": self.median,
                "p05": self.p05,
                "p95": self.p95,
                "score": self.nominal_scores,
            },
            index=pd.Index(self.units, name="uCode"),
        )
        return frame.sort_values(["nominal", "median"], kind="stable")


def rank_interval(ranks: np.ndarray, coverage: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (column of ``ranks``, replications × units), the ranks between which it stays in
    ``coverage`` of the replications.

    The bounds are the ``(1 − coverage) / 2`` and ``(1 + coverage) / 2`` quantiles of the
    unit's ranks, each taken as a rank actually reached (the lower quantile rounded down to
    an observed rank, the upper one up), so the interval reads as whole ranks and holds at
    least ``coverage`` of the replications; NaN for a unit never ranked.

    Raises
    ------
    StocktakeError
        ``coverage`` is not strictly between 0 and 1.
    """
    if not 0 < coverage < 1:
        raise StocktakeError(f"the coverage must be between 0 and 1, not {coverage}")
    tail = (1 - coverage) / 2 * 100
    ranks = np.asarray(ranks, dtype=float)
    low = np.full(ranks.shape[1], np.nan)
    high = np.full(ranks.shape[1], np.nan)
    ranked = ~np.all(np.isnan(ranks), axis=0)
    if ranked.any():
        present = ranks[:, ranked]
        low[ranked] = np.nanpercentile(present, tail, axis=0, method="lower")
        high[ranked] = np.nanpercentile(present, 100 - tail, axis=0, method="higher")
    return low, high


def uncertainty_analysis(
    data: CompositeData,
    spec: BuildSpec,
    vary: VarySpec,
    *,
    n: int = 1000,
    code: str | None = None,
    random_state: RandomState = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    progress: Progress | None = None,
) -> UncertaintyResult:
    """Run ``n`` replications with the inputs of ``vary`` drawn at random.

    Parameters
    ----------
    data
        Checked unit data and metadata (:func:`stocktake.composite.data.from_frames`, the table
        readers, or the converter from a Stocktake assessment).
    spec
        The nominal build spec.
    vary
        The uncertain inputs (:func:`stocktake.sensitivity.vary.load_vary`).
    n
        Number of replications; the cost grows linearly, and the 5th / 95th percentiles settle
        from a few hundred.
    code
        The aggregate to rank; the index (top of the hierarchy) by default.
    random_state
        Seed (0 included) or generator; the same seed gives the same result.
    chunk_bytes
        Working memory per chunk of replications.
    progress
        Called after each chunk with (replications done, total).

    Returns
    -------
    UncertaintyResult
    """
    if int(n) != n or n < 1:
        raise StocktakeError(
            f"the number of replications must be a whole number of 1 or more, not {n}"
        )
    rng = as_generator(random_state)
    model = IndexModel(data, spec, vary, code=code, chunk_bytes=chunk_bytes)
    u = rng.random((int(n), sum(model.widths)))
    nominal, outputs = model.run(u, progress=progress)
    return summarise(model, nominal, outputs, model.settings(u))


def rank_statistics(ranks: np.ndarray) -> tuple[np.ndarray, ...]:
    """Mean, 5th, 50th and 95th percentile of each column (one unit's ranks over the
    replications), ignoring missing ranks; NaN for a column without any.

    Ranks are whole or half numbers from 1 to the number of units, so the order statistics of a
    column are read off its count of each rank, one pass over the replications, instead of
    sorting it (which took most of the time of a large analysis). Between two order statistics
    the percentile is interpolated as numpy's (and R's) default does, by numpy's own formula, so
    the percentiles are numpy's to the last bit. The mean is the exact sum of the counted ranks
    over their number, rounded once.
    """
    doubled = ranks * 2.0
    present = ~np.isnan(doubled)
    bins = int(np.max(doubled, where=present, initial=0.0)) + 1
    columns = np.arange(ranks.shape[1]) * bins
    if present.all():
        index = (doubled.astype(np.int64) + columns).ravel()
    else:
        index = doubled[present].astype(np.int64) + np.broadcast_to(columns, ranks.shape)[present]
    counts = np.bincount(index, minlength=ranks.shape[1] * bins).reshape(-1, bins)
    n = counts.sum(axis=1)
    below = np.cumsum(counts, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # units never ranked give NaN
        mean = (counts @ np.arange(bins)) / 2.0 / n
    out = [mean]
    for q in PERCENTILES:
        virtual = (n - 1) * (q / 100)
        previous = np.floor(virtual)
        lower = _order_statistic(below, np.minimum(previous, n - 1))
        upper = _order_statistic(below, np.minimum(previous + 1, n - 1))
        value = _lerp(lower, upper, virtual - previous)
        out.append(np.where(n > 0, value, np.nan))
    return tuple(out)


def _order_statistic(below: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The ``k``-th smallest rank (from 0) of each column, from the cumulative counts of each
    doubled rank: the first doubled rank with more than ``k`` ranks at or below it, halved."""
    return np.sum(below <= k[:, None], axis=1) / 2.0


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's linear interpolation for percentiles, written as numpy writes it (from the
    nearer end), so the results agree to the last bit."""
    diff = b - a
    return np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)


def summarise(
    model: IndexModel, nominal: Outputs, outputs: Outputs, settings: pd.DataFrame
) -> UncertaintyResult:
    """Rank statistics of evaluated replications (shared with the sensitivity analysis)."""
    ranks = outputs.ranks
    mean, median, p05, p95 = (np.empty(ranks.shape[1]) for _ in range(4))
    for start in range(0, ranks.shape[1], UNIT_BLOCK):
        block = slice(start, start + UNIT_BLOCK)
        mean[block], p05[block], median[block], p95[block] = rank_statistics(ranks[:, block])
    return UncertaintyResult(
        code=model.code,
        units=tuple(str(u) for u in model.units),
        nominal_scores=nominal.scores[0],
        nominal_ranks=nominal.ranks[0],
        scores=outputs.scores,
        ranks=ranks,
        settings=settings,
        mean=mean,
        median=median,
        p05=p05,
        p95=p95,
    )

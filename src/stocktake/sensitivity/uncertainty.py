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

import warnings
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
UNIT_BLOCK = 256
"""Units whose rank statistics are computed together; percentiles copy and partition their
columns, so a block bounds that copy whatever the number of replications."""


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


def _rank_statistics(ranks: np.ndarray) -> tuple[np.ndarray, ...]:
    """Mean, 5th, 50th and 95th percentile of each column, ignoring missing ranks."""
    if not np.isnan(ranks).any():
        return (ranks.mean(axis=0), *np.percentile(ranks, PERCENTILES, axis=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # units never ranked give NaN
        return (np.nanmean(ranks, axis=0), *np.nanpercentile(ranks, PERCENTILES, axis=0))


def summarise(
    model: IndexModel, nominal: Outputs, outputs: Outputs, settings: pd.DataFrame
) -> UncertaintyResult:
    """Rank statistics of evaluated replications (shared with the sensitivity analysis)."""
    ranks = outputs.ranks
    mean, median, p05, p95 = (np.empty(ranks.shape[1]) for _ in range(4))
    for start in range(0, ranks.shape[1], UNIT_BLOCK):
        block = slice(start, start + UNIT_BLOCK)
        mean[block], p05[block], median[block], p95[block] = _rank_statistics(ranks[:, block])
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

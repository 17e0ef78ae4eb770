"""Variance-based sensitivity analysis: which uncertain input moves the ranking most.

The index is evaluated on a Saltelli design of ``N·(d + 2)`` replications
(:func:`stocktake.sensitivity.sobol.saltelli_design`); a scalar target is taken from each, and
first- and total-order Sobol indices are estimated with bootstrap intervals
(:func:`stocktake.sensitivity.sobol.sobol_indices`). ``S_i`` is the share of the target's
variance that input ``i`` explains alone; ``ST_i`` adds its interactions with the others, so
``ST_i ≈ 0`` means the input can be fixed at any value without changing the result.

Targets, as COINr offers them:

* ``mean_rank_shift`` (default): the mean over units of ``|rank − nominal rank|``;
* ``score:UNIT``: the unit's score of the analysed aggregate;
* ``rank:UNIT``: the unit's rank.

References
----------
Saisana M., Saltelli A., Tarantola S. (2005), *JRSS A* 168(2), 307–323, section 3.
Saltelli A. et al. (2010), *Computer Physics Communications* 181, 259–270.
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, section 1.8 and step 7.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData
from stocktake.composite.spec import BuildSpec
from stocktake.sensitivity.model import DEFAULT_CHUNK_BYTES, IndexModel, Outputs, Progress
from stocktake.sensitivity.randomness import RandomState, as_generator
from stocktake.sensitivity.sobol import SobolIndices, saltelli_design, sobol_indices
from stocktake.sensitivity.uncertainty import UncertaintyResult, summarise
from stocktake.sensitivity.vary import VaryError, VarySpec

MEAN_RANK_SHIFT = "mean_rank_shift"


@dataclass(frozen=True)
class SensitivityResult:
    """Sobol indices of the target, its value per replication, and the rank statistics.

    Attributes
    ----------
    target
        The target as given (``mean_rank_shift``, ``score:UNIT`` or ``rank:UNIT``).
    indices
        First- and total-order indices with intervals, one row per input.
    y
        The target in each of the ``N·(d + 2)`` replications, in design order.
    uncertainty
        Rank statistics over the ``2N`` independent replications (A and B), as COINr reports;
        the hybrid rows are not a random sample and are left out of them.
    """

    target: str
    indices: SobolIndices
    y: np.ndarray
    uncertainty: UncertaintyResult

    def to_frame(self) -> pd.DataFrame:
        """One row per input: ``S``, ``S_low``, ``S_high``, ``ST``, ``ST_low``, ``ST_high``."""
        return self.indices.to_frame()


def sensitivity_analysis(
    data: CompositeData,
    spec: BuildSpec,
    vary: VarySpec,
    *,
    n: int = 200,
    target: str = MEAN_RANK_SHIFT,
    bootstrap: int = 100,
    confidence: float = 0.9,
    code: str | None = None,
    random_state: RandomState = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Estimate first- and total-order Sobol indices of ``target`` for the inputs of ``vary``.

    Parameters
    ----------
    data, spec, vary, code, chunk_bytes, progress
        As for :func:`stocktake.sensitivity.uncertainty.uncertainty_analysis`.
    n
        Base sample size ``N``; the index is evaluated ``N·(d + 2)`` times for ``d`` inputs.
        Indices of a few hundred replications are rough; the bootstrap interval says how rough.
    target
        ``mean_rank_shift``, ``score:UNIT`` or ``rank:UNIT``.
    bootstrap
        Bootstrap resamples for the intervals (no extra evaluations of the index).
    confidence
        Interval level (0.9: 5th to 95th percentile).
    random_state
        Seed (0 included) or generator, drawn for the design and then for the bootstrap.

    Returns
    -------
    SensitivityResult
    """
    rng = as_generator(random_state)
    model = IndexModel(data, spec, vary, code=code, chunk_bytes=chunk_bytes)
    kind, column = _target(target, model)
    u = saltelli_design(int(n), model.widths, rng)
    nominal, outputs = model.run(u, progress=progress)
    if kind == MEAN_RANK_SHIFT:
        y = _mean_rank_shift(nominal, outputs)
    else:
        y = np.asarray((outputs.scores if kind == "score" else outputs.ranks)[:, column])
    indices = sobol_indices(
        y, int(n), vary.names, bootstrap=bootstrap, confidence=confidence, random_state=rng
    )
    first = slice(0, 2 * int(n))
    sample = Outputs(outputs.scores[first], outputs.ranks[first])
    uncertainty = summarise(model, nominal, sample, model.settings(u[first]))
    return SensitivityResult(target, indices, y, uncertainty)


def _target(target: str, model: IndexModel) -> tuple[str, int]:
    """The kind of target (``mean_rank_shift``, ``score`` or ``rank``) and the column of its
    unit (0 for the mean rank shift, which takes every unit), checked before any run."""
    if target == MEAN_RANK_SHIFT:
        return MEAN_RANK_SHIFT, 0
    kind, _, unit = target.partition(":")
    if kind not in ("score", "rank") or not unit:
        raise VaryError(
            f"the target '{target}' is not one of mean_rank_shift, score:UNIT or rank:UNIT"
        )
    units = list(model.units)
    if unit not in units:
        raise VaryError(f"the target names unit '{unit}', which is not in the unit data")
    return kind, units.index(unit)


def _mean_rank_shift(nominal: Outputs, outputs: Outputs) -> np.ndarray:
    """Mean over units of ``|rank − nominal rank|``; units unranked in either are left out."""
    shift = np.abs(outputs.ranks - nominal.ranks[0])
    if not np.isnan(shift).any():
        return np.asarray(shift.mean(axis=1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmean(shift, axis=1))

"""Variance-based (Sobol) sensitivity indices from a Saltelli-type design, with bootstrap intervals.

The design has ``N·(d + 2)`` rows: two independent samples A and B of the ``d`` inputs, then for
each input ``i`` the hybrid AB_i, which is A with input ``i``'s columns taken from B. An input may
span several columns (the noise on every weight is one input): it is then treated as a group, and
its indices are those of the group (Saltelli et al. 2008, section 4.3).

From the outputs ``y_A``, ``y_B`` and ``y_ABi``:

* first order ``S_i = mean(y_B · (y_ABi − y_A)) / Var(Y)`` (Saltelli et al. 2010, table 2 (b));
* total order ``ST_i = Σ (y_A − y_ABi)² / (2N · Var(Y))`` (Jansen 1999; Saltelli et al. 2010,
  table 2 (f));

with ``Var(Y)`` the sample variance (``n − 1``) over ``y_A ∪ y_B``, as COINr's ``SA_estimate``
computes it. This is written out here rather than taken from SALib because SALib interleaves its
design rows differently and divides by ``n`` in the variance; the code is a dozen lines.

References
----------
Saltelli A., Annoni P., Azzini I., Campolongo F., Ratto M., Tarantola S. (2010), Variance based
sensitivity analysis of model output. Design and estimator for the total sensitivity index,
*Computer Physics Communications* 181, 259–270.
Saisana M., Saltelli A., Tarantola S. (2005), Uncertainty and sensitivity analysis techniques as
tools for the quality assessment of composite indicators, *JRSS A* 168(2), 307–323.
Saltelli A. et al. (2008), *Global Sensitivity Analysis: The Primer*, Wiley.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.errors import StocktakeError
from stocktake.sensitivity.randomness import RandomState, as_generator


def saltelli_design(n: int, widths: Sequence[int], random_state: RandomState = None) -> np.ndarray:
    """The ``N·(d + 2)`` × ``Σ widths`` design on the unit hypercube: rows A, B, AB_1 … AB_d.

    Parameters
    ----------
    n
        Base sample size ``N``; the model runs ``N·(d + 2)`` times.
    widths
        Columns of each of the ``d`` inputs (1 for a scalar input, more for a group such as the
        noise on every weight).
    random_state
        Seed or generator for the two base samples, drawn as one ``N × 2Σwidths`` uniform block.

    Returns
    -------
    numpy.ndarray
        Uniform(0, 1) values; row block ``k`` of ``N`` rows is A (k = 0), B (k = 1),
        AB_i (k = 2 + i).
    """
    _check_positive(n, "the base sample size N")
    if not widths or any(w < 1 for w in widths):
        raise StocktakeError("a sensitivity design needs at least one input of one column or more")
    rng = as_generator(random_state)
    total = int(sum(widths))
    base = rng.random((n, 2 * total))
    a, b = base[:, :total], base[:, total:]
    hybrids = []
    start = 0
    for width in widths:
        hybrid = a.copy()
        hybrid[:, start : start + width] = b[:, start : start + width]
        hybrids.append(hybrid)
        start += width
    return np.vstack([a, b, *hybrids])


@dataclass(frozen=True)
class SobolIndices:
    """First- and total-order indices per input with bootstrap percentile intervals.

    Attributes
    ----------
    names
        The inputs, in design order.
    first, total
        ``S_i`` and ``ST_i``. Estimates may fall slightly outside [0, 1] at small ``N``; they are
        reported as estimated, not clipped, so the interval shows the uncertainty.
    first_low, first_high, total_low, total_high
        The bootstrap percentile interval at ``confidence``; NaN without bootstrap.
    variance
        ``Var(Y)`` over A ∪ B; when it is 0 the output never moved and every index is NaN.
    n, bootstrap, confidence
        Base sample size, number of bootstrap resamples, interval level.
    """

    names: tuple[str, ...]
    first: np.ndarray
    total: np.ndarray
    first_low: np.ndarray
    first_high: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    variance: float
    n: int
    bootstrap: int
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        """One row per input: ``S``, its interval, ``ST``, its interval."""
        return pd.DataFrame(
            {
                "S": self.first,
                "S_low": self.first_low,
                "S_high": self.first_high,
                "ST": self.total,
                "ST_low": self.total_low,
                "ST_high": self.total_high,
            },
            index=pd.Index(self.names, name="input"),
        )


def sobol_indices(
    y: np.ndarray,
    n: int,
    names: Sequence[str],
    *,
    bootstrap: int = 100,
    confidence: float = 0.9,
    random_state: RandomState = None,
) -> SobolIndices:
    """Estimate ``S_i`` and ``ST_i`` from the outputs of a :func:`saltelli_design`.

    Parameters
    ----------
    y
        ``N·(d + 2)`` outputs in design order (A, B, AB_1 … AB_d).
    n
        Base sample size ``N``.
    names
        The ``d`` input names.
    bootstrap
        Number of bootstrap resamples for the intervals (0 for none). Rows are resampled jointly
        across A, B and the hybrids, and ``Var(Y)`` is recomputed on each resample, so the interval
        reflects every source of sampling error; no model run is repeated.
    confidence
        Level of the two-sided percentile interval; the default 0.9 gives the 5th and 95th
        percentiles, as COINr reports.
    random_state
        Seed or generator for the resampling.

    Returns
    -------
    SobolIndices
    """
    d = len(names)
    y = np.asarray(y, dtype=float)
    _check_positive(n, "the base sample size N")
    if y.shape != (n * (d + 2),):
        raise StocktakeError(
            f"expected N·(d + 2) = {n * (d + 2)} outputs for N = {n} and {d} inputs, got {y.size}"
        )
    if not 0 < confidence < 1:
        raise StocktakeError(f"the confidence level must lie between 0 and 1, not {confidence}")
    if bootstrap < 0:
        raise StocktakeError(f"the number of bootstrap samples cannot be negative ({bootstrap})")
    if not np.all(np.isfinite(y)):
        raise StocktakeError(
            "some model outputs are missing or infinite; choose a target defined in every run"
        )
    y_a, y_b, y_ab = y[:n], y[n : 2 * n], y[2 * n :].reshape(d, n)
    first, total, variance = _estimate(y_a[None], y_b[None], y_ab[:, None])
    s_low = s_high = st_low = st_high = np.full(d, np.nan)
    if bootstrap:
        rows = as_generator(random_state).integers(0, n, size=(bootstrap, n))
        s_boot, st_boot, _ = _estimate(y_a[rows], y_b[rows], y_ab[:, rows])
        tail = 100 * (1 - confidence) / 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a constant output gives NaN
            s_low, s_high = np.nanpercentile(s_boot, [tail, 100 - tail], axis=1)
            st_low, st_high = np.nanpercentile(st_boot, [tail, 100 - tail], axis=1)
    return SobolIndices(
        tuple(names),
        first[:, 0],
        total[:, 0],
        s_low,
        s_high,
        st_low,
        st_high,
        variance=float(variance[0]),
        n=n,
        bootstrap=bootstrap,
        confidence=confidence,
    )


def _estimate(
    y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices for ``k`` resamples at once: ``y_a``, ``y_b`` are k × N, ``y_ab`` is d × k × N.

    Returns ``S`` and ``ST`` as d × k and the variance as k; a zero variance gives NaN indices.
    """
    n = y_a.shape[-1]
    variance = np.var(np.concatenate([y_a, y_b], axis=-1), axis=-1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(y_b * (y_ab - y_a), axis=-1) / variance
        total = np.sum((y_a - y_ab) ** 2, axis=-1) / (2 * n * variance)
    return first, total, variance


def _check_positive(n: int, what: str) -> None:
    if int(n) != n or n < 2:
        raise StocktakeError(f"{what} must be a whole number of 2 or more, not {n}")

"""Normalisation: bring indicators onto a common scale, after multiplying by their direction.

Every method is a pure function of an array: 1-D for one indicator, 2-D units × indicators, or
with leading axes for replications (``... × units × indicators``); statistics run over the units
axis (the only axis of a 1-D array, else the second to last), ignore missing values and keep them
missing. A column without spread gives missing values (0/0), as in COINr.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.5 and table 3
(normalisation methods), Part 2 sections 5.2 (z-scores), 5.3 (min-max), 5.4 (distance to a
reference) and 6.12 (Borda). COINr's ``n_minmax``, ``n_zscore``, ``n_rank``, ``n_prank``,
``n_borda``, ``n_dist2max``, ``n_dist2ref``, ``n_dist2targ``, ``n_fracmax`` and ``n_goalposts``
follow the same formulas; the z-score uses the sample standard deviation (``n - 1``).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd
from scipy import stats

from stocktake.composite.data import CompositeData
from stocktake.composite.errors import SpecError
from stocktake.composite.spec_normalise import (
    Borda,
    DistanceToMax,
    DistanceToReference,
    DistanceToTarget,
    FractionOfMax,
    Goalposts,
    MinMax,
    NormaliseSpec,
    PercentileRank,
    Rank,
    Ties,
    ZScore,
)

_RANKDATA_TIES = {"min": "min", "max": "max", "average": "average", "first": "ordinal"}


def _units(x: np.ndarray) -> int:
    """The units axis: the only one of a 1-D array, else the second to last."""
    return 0 if np.ndim(x) == 1 else -2


P = ParamSpec("P")
R = TypeVar("R")


def _quiet(func: Callable[P, R]) -> Callable[P, R]:
    """Division by a zero range, and an all-missing column, yield NaN on purpose; keep numpy
    from warning about it."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
            warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
            warnings.filterwarnings("ignore", "Degrees of freedom", RuntimeWarning)
            return func(*args, **kwargs)

    return wrapped


@_quiet
def minmax(x: np.ndarray, low: float = 0.0, high: float = 100.0) -> np.ndarray:
    """``(x - min) / (max - min) · (high - low) + low``."""
    lo = np.nanmin(x, axis=_units(x), keepdims=True)
    hi = np.nanmax(x, axis=_units(x), keepdims=True)
    return np.asarray((x - lo) / (hi - lo) * (high - low) + low)


@_quiet
def zscore(x: np.ndarray, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
    """``(x - mean(x)) / sd(x) · sd + mean`` with the sample standard deviation (``n - 1``)."""
    m = np.nanmean(x, axis=_units(x), keepdims=True)
    s = np.nanstd(x, axis=_units(x), ddof=1, keepdims=True)
    return np.asarray((x - m) / s * sd + mean)


def rank(x: np.ndarray, ties: Ties = "min") -> np.ndarray:
    """Rank over the units, 1 for the lowest value; missing values stay missing."""
    x = np.asarray(x, dtype=float)
    ranked = stats.rankdata(x, method=_RANKDATA_TIES[ties], axis=_units(x), nan_policy="omit")
    return np.asarray(ranked, dtype=float)


@_quiet
def percentile_rank(x: np.ndarray, ties: Ties = "min") -> np.ndarray:
    """``(rank - 1) / (n - 1)`` with ``n`` the number of non-missing values."""
    n = np.sum(~np.isnan(x), axis=_units(x), keepdims=True)
    return np.asarray((rank(x, ties) - 1) / (n - 1))


def borda(x: np.ndarray, ties: Ties = "min") -> np.ndarray:
    """``rank - 1``: with ``min`` ties, the number of units with a strictly lower value."""
    return rank(x, ties) - 1


@_quiet
def distance_to_max(x: np.ndarray) -> np.ndarray:
    """``1 - (max - x) / (max - min)``: the same as min-max to [0, 1]."""
    lo = np.nanmin(x, axis=_units(x), keepdims=True)
    hi = np.nanmax(x, axis=_units(x), keepdims=True)
    return np.asarray(1 - (hi - x) / (hi - lo))


@_quiet
def distance_to_reference(x: np.ndarray, reference: int, cap: bool = False) -> np.ndarray:
    """``1 - (x_ref - x) / (x_ref - min)`` where ``x_ref`` is the value of unit number
    ``reference``; with ``cap`` values above 1 become 1."""
    lo = np.nanmin(x, axis=_units(x), keepdims=True)
    ref = np.take(x, [reference], axis=_units(x))
    y = 1 - (ref - x) / (ref - lo)
    return np.asarray(np.where(cap & (y > 1), 1.0, y))


@_quiet
def distance_to_target(x: np.ndarray, target: Any, cap: bool = False) -> np.ndarray:
    """``(x - min) / (target - min)``, ``target`` per indicator (already times the direction);
    with ``cap`` values above 1 become 1."""
    lo = np.nanmin(x, axis=_units(x), keepdims=True)
    y = (x - lo) / (np.asarray(target, dtype=float) - lo)
    return np.asarray(np.where(cap & (y > 1), 1.0, y))


@_quiet
def fraction_of_max(x: np.ndarray) -> np.ndarray:
    """``x / max``."""
    return np.asarray(x / np.nanmax(x, axis=_units(x), keepdims=True))


def goalposts(
    x: np.ndarray, lower: Any, upper: Any, scale: Any = 100.0, truncate: bool = True
) -> np.ndarray:
    """``(x - lower) / (upper - lower)``, truncated to [0, 1] when ``truncate``, times ``scale``.

    ``x`` and the goalposts are in the same orientation: for an indicator with direction -1 pass
    ``lower = -upper_goalpost`` and ``upper = -lower_goalpost`` (what :func:`normalise` does).
    """
    y = (x - np.asarray(lower, dtype=float)) / (np.asarray(upper, dtype=float) - lower)
    if truncate:
        y = np.clip(y, 0.0, 1.0)
    return np.asarray(y * np.asarray(scale, dtype=float))


@dataclass(frozen=True)
class NormaliseResult:
    """Normalised values, and per indicator the direction and the resolved parameters."""

    values: pd.DataFrame
    details: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.details


def directions(data: CompositeData, overrides: dict[str, int]) -> dict[str, int]:
    """Each indicator's direction: the nearest override among itself and its ancestors, else the
    metadata's."""
    tree = data.hierarchy
    found = {}
    for code in tree.indicators:
        chain = (code, *tree.ancestors(code))
        found[code] = next((overrides[c] for c in chain if c in overrides), tree.direction[code])
    return found


def normalise(values: pd.DataFrame, spec: NormaliseSpec, data: CompositeData) -> NormaliseResult:
    """Normalise every indicator column of ``values`` by the method ``spec`` gives it.

    Parameters
    ----------
    values
        Units × indicators, NaN for missing values.
    spec
        Default and per-indicator methods, and direction overrides.
    data
        Metadata for directions, targets and goalposts, and the hierarchy for pillar directions.

    Returns
    -------
    NormaliseResult
        Normalised values and, per indicator, the method, direction and resolved parameters.
    """
    _check_codes(spec, data)
    dirs = directions(data, dict(spec.directions))
    matrix = values.to_numpy(dtype=float)
    out = np.empty_like(matrix)
    rows = []
    for j, code in enumerate(values.columns):
        method = spec.method_for(str(code))
        d = dirs[str(code)]
        y, params = _apply(method, matrix[:, j] * d, str(code), d, values.index, data)
        out[:, j] = y
        rows.append({"iCode": code, "method": method.method, "direction": d, **params})
    table = pd.DataFrame(out, index=values.index, columns=values.columns)
    return NormaliseResult(table, pd.DataFrame(rows).set_index("iCode"))


def _apply(
    method: Any, x: np.ndarray, code: str, d: int, units: pd.Index, data: CompositeData
) -> tuple[np.ndarray, dict[str, Any]]:
    if isinstance(method, MinMax):
        return minmax(x, *method.range), {"low": method.range[0], "high": method.range[1]}
    if isinstance(method, ZScore):
        return zscore(x, method.mean, method.sd), {"mean": method.mean, "sd": method.sd}
    if isinstance(method, (Rank, PercentileRank, Borda)):
        func = {Rank: rank, PercentileRank: percentile_rank, Borda: borda}[type(method)]
        return func(x, method.ties), {"ties": method.ties}
    if isinstance(method, DistanceToMax):
        return distance_to_max(x), {}
    if isinstance(method, FractionOfMax):
        return fraction_of_max(x), {}
    if isinstance(method, DistanceToReference):
        if method.unit not in units:
            raise SpecError(
                f"normalise names reference unit '{method.unit}' for '{code}', which is not "
                "among the units (it may have been screened out)"
            )
        position = list(units).index(method.unit)
        return distance_to_reference(x, position, method.cap), {
            "unit": method.unit,
            "cap": method.cap,
        }
    if isinstance(method, DistanceToTarget):
        target = method.target if method.target is not None else data.meta_value(code, "Target")
        if target is None:
            raise SpecError(
                f"indicator '{code}' has no Target in the metadata; add one or set "
                f"normalise.indicators.{code}.target"
            )
        y = distance_to_target(x, target * d, method.cap)
        return y, {"target": target, "cap": method.cap}
    if isinstance(method, Goalposts):
        return _goalposts(method, x, code, d, data)
    return x, {}


def _goalposts(
    method: Goalposts, x: np.ndarray, code: str, d: int, data: CompositeData
) -> tuple[np.ndarray, dict[str, Any]]:
    lower = method.lower if method.lower is not None else data.meta_value(code, "goalpost_lower")
    upper = method.upper if method.upper is not None else data.meta_value(code, "goalpost_upper")
    if lower is None or upper is None or lower == upper:
        raise SpecError(
            f"indicator '{code}' needs two different goalposts; add goalpost_lower and "
            f"goalpost_upper to the metadata or set normalise.indicators.{code}.lower / .upper"
        )
    scale = method.scale if method.scale is not None else data.meta_value(code, "goalpost_scale")
    scale = 100.0 if scale is None else scale
    truncate = method.truncate
    if truncate is None:
        flag = data.meta_value(code, "goalpost_trunc2posts")
        truncate = True if flag is None else str(flag).strip().lower() in ("true", "1", "yes")
    low_d, up_d = (lower, upper) if d == 1 else (-upper, -lower)
    y = goalposts(x, low_d, up_d, scale, truncate)
    return y, {"lower": lower, "upper": upper, "scale": scale, "truncate": truncate}


def _check_codes(spec: NormaliseSpec, data: CompositeData) -> None:
    tree = data.hierarchy
    for code in spec.indicators:
        if code not in tree.indicators:
            raise SpecError(f"normalise.indicators names '{code}', which is not an indicator")
    for code in spec.directions:
        if code not in tree.level:
            raise SpecError(f"normalise.directions names '{code}', which is not in the metadata")

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
from functools import cached_property
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData
from stocktake.composite.errors import SpecError
from stocktake.composite.rank import ascending_ranks
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
    return ascending_ranks(x, ties, axis=_units(np.asarray(x)))


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
    x: np.ndarray, lower: Any, upper: Any, scale: Any = 100.0, truncate: Any = True
) -> np.ndarray:
    """``(x - lower) / (upper - lower)``, truncated to [0, 1] when ``truncate``, times ``scale``;
    each parameter is one value or one per column.

    ``x`` and the goalposts are in the same orientation: for an indicator with direction -1 pass
    ``lower = -upper_goalpost`` and ``upper = -lower_goalpost`` (what :func:`normalise` does).
    """
    lower = np.asarray(lower, dtype=float)
    y = (x - lower) / (np.asarray(upper, dtype=float) - lower)
    y = np.where(np.asarray(truncate, dtype=bool), np.clip(y, 0.0, 1.0), y)
    return np.asarray(y * np.asarray(scale, dtype=float))


@dataclass(frozen=True, eq=False)
class NormaliseResult:
    """Normalised values, and per indicator the method, direction and resolved parameters
    (``parameters``, tabled as ``details`` when first asked for: the robustness analysis
    normalises many variants and reads only the values)."""

    values: pd.DataFrame
    parameters: tuple[dict[str, Any], ...]

    @cached_property
    def details(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.parameters)).set_index("iCode")

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

    Columns that share a method are normalised together, as one units × columns array, so a
    spec with one method makes one call of its normaliser; every caller that normalises (the
    build and each data variant of the robustness analysis) comes through here and gets the same
    numbers.

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
    found = directions(data, dict(spec.directions))
    codes = [str(c) for c in values.columns]
    signs = np.array([found[c] for c in codes], dtype=float)
    oriented = values.to_numpy(dtype=float) * signs
    out = np.empty_like(oriented)
    rows: dict[str, dict[str, Any]] = {}
    groups: dict[Any, list[int]] = {}
    for j, code in enumerate(codes):
        groups.setdefault(spec.method_for(code), []).append(j)
    for method, columns in groups.items():
        names = [codes[j] for j in columns]
        y, params = _apply(method, oriented[:, columns], names, signs[columns], values.index, data)
        out[:, columns] = y
        for j, code, extra in zip(columns, names, params, strict=True):
            rows[code] = {
                "iCode": code,
                "method": method.method,
                "direction": int(signs[j]),
                **extra,
            }
    table = pd.DataFrame(out, index=values.index, columns=values.columns)
    return NormaliseResult(table, tuple(rows[c] for c in codes))


def _apply(
    method: Any,
    x: np.ndarray,
    codes: list[str],
    signs: np.ndarray,
    units: pd.Index,
    data: CompositeData,
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """One method on the columns ``codes`` of ``x`` (units × columns, directions applied): the
    normalised columns and each column's resolved parameters."""
    if isinstance(method, MinMax):
        low, high = method.range
        return minmax(x, low, high), [{"low": low, "high": high}] * len(codes)
    if isinstance(method, ZScore):
        params = {"mean": method.mean, "sd": method.sd}
        return zscore(x, method.mean, method.sd), [params] * len(codes)
    if isinstance(method, (Rank, PercentileRank, Borda)):
        func = {Rank: rank, PercentileRank: percentile_rank, Borda: borda}[type(method)]
        return func(x, method.ties), [{"ties": method.ties}] * len(codes)
    if isinstance(method, DistanceToMax):
        return distance_to_max(x), [{}] * len(codes)
    if isinstance(method, FractionOfMax):
        return fraction_of_max(x), [{}] * len(codes)
    if isinstance(method, DistanceToReference):
        return _distance_to_reference(method, x, codes, units)
    if isinstance(method, DistanceToTarget):
        targets = [_target(method, code, data) for code in codes]
        y = distance_to_target(x, np.array(targets) * signs, method.cap)
        return y, [{"target": t, "cap": method.cap} for t in targets]
    if isinstance(method, Goalposts):
        return _goalposts(method, x, codes, signs, data)
    return x, [{}] * len(codes)


def _distance_to_reference(
    method: DistanceToReference, x: np.ndarray, codes: list[str], units: pd.Index
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    if method.unit not in units:
        raise SpecError(
            f"normalise names reference unit '{method.unit}' for '{codes[0]}', which is not "
            "among the units (it may have been screened out)"
        )
    position = list(units).index(method.unit)
    params = {"unit": method.unit, "cap": method.cap}
    return distance_to_reference(x, position, method.cap), [params] * len(codes)


def _target(method: DistanceToTarget, code: str, data: CompositeData) -> float:
    target = method.target if method.target is not None else data.meta_value(code, "Target")
    if target is None:
        raise SpecError(
            f"indicator '{code}' has no Target in the metadata; add one or set "
            f"normalise.indicators.{code}.target"
        )
    return float(target)


def _goalposts(
    method: Goalposts, x: np.ndarray, codes: list[str], signs: np.ndarray, data: CompositeData
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    params = [_goalposts_of(method, code, data) for code in codes]
    lower = np.array([p["lower"] for p in params])
    upper = np.array([p["upper"] for p in params])
    low_d = np.where(signs == 1, lower, -upper)
    up_d = np.where(signs == 1, upper, -lower)
    scale = np.array([p["scale"] for p in params])
    truncate = np.array([p["truncate"] for p in params])
    return goalposts(x, low_d, up_d, scale, truncate), params


def _goalposts_of(method: Goalposts, code: str, data: CompositeData) -> dict[str, Any]:
    """One indicator's goalposts, scale and truncation: the spec's, else the metadata's."""
    lower = method.lower if method.lower is not None else data.meta_value(code, "goalpost_lower")
    upper = method.upper if method.upper is not None else data.meta_value(code, "goalpost_upper")
    if lower is None or upper is None:
        raise SpecError(
            f"indicator '{code}' needs two goalposts; add goalpost_lower and goalpost_upper to "
            f"the metadata or set normalise.indicators.{code}.lower / .upper"
        )
    if not float(lower) < float(upper):
        raise SpecError(
            f"indicator '{code}' has goalposts lower {lower} and upper {upper}; the lower must be "
            f"below the upper (goalposts are in the indicator's own units, and a direction of -1 "
            f"turns them round by itself): correct the metadata or set "
            f"normalise.indicators.{code}.lower / .upper"
        )
    scale = method.scale if method.scale is not None else data.meta_value(code, "goalpost_scale")
    scale = 100.0 if scale is None else float(scale)
    if not scale > 0:
        raise SpecError(
            f"indicator '{code}' has goalpost_scale {scale:g}; the scale must be above 0 "
            "(100 gives scores from 0 to 100)"
        )
    truncate = method.truncate
    if truncate is None:
        flag = data.meta_value(code, "goalpost_trunc2posts")
        truncate = True if flag is None else str(flag).strip().lower() in ("true", "1", "yes")
    return {"lower": lower, "upper": upper, "scale": scale, "truncate": truncate}


def _check_codes(spec: NormaliseSpec, data: CompositeData) -> None:
    tree = data.hierarchy
    for code in spec.indicators:
        if code not in tree.indicators:
            raise SpecError(f"normalise.indicators names '{code}', which is not an indicator")
    for code in spec.directions:
        if code not in tree.level:
            raise SpecError(f"normalise.directions names '{code}', which is not in the metadata")

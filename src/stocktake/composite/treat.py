"""Outlier treatment: COINr's default rule (skew/kurtosis test, stepwise winsorisation, log).

Per indicator, over its non-missing values:

1. The indicator passes when ``|skew| < skew_threshold`` or ``kurtosis < kurtosis_threshold``
   (sample skewness and excess kurtosis as Excel and e1071 type 2 define them).
2. If it fails, winsorise one step at a time while it fails and fewer than ``winmax`` points are
   treated. With skew ≥ 0 every point equal to the current maximum takes the largest value below
   it, otherwise every point equal to the minimum takes the smallest value above it; tied points
   move together. The count after a step is the number of points at the top from the last high
   step plus the number at the bottom from the last low step.
3. If it still fails, the winsorisation is discarded and the original values are transformed with
   ``log(x - min + 0.01 (max - min))`` (COIN Tool log).

When the test cannot be decided (fewer than 4 values with a large skew, or constant values) the
indicator is left untreated, as COINr does.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.5 and Part 2
section 5.1 (scale transformation prior to normalisation). Becker W., Benavente D., Dominguez
Torreblanca M., Caperna G., Saisana M. (2022), COINr: an R package for composite indicators,
*Journal of Open Source Software* 7(78), 4567 (``Treat``, ``winsorise``, ``log_CT``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.spec import TreatRule


def skewness(x: np.ndarray) -> float:
    """Sample skewness ``sqrt(n) Σd³ / (Σd²)^(3/2) · sqrt(n(n-1)) / (n-2)`` over non-missing
    values; NaN with fewer than 3 values or no spread."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 3:
        return math.nan
    d = v - v.mean()
    s2 = float(np.sum(d**2))
    if s2 == 0:
        return math.nan
    return math.sqrt(n) * float(np.sum(d**3)) / s2**1.5 * math.sqrt(n * (n - 1)) / (n - 2)


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis ``((n+1)(r-3)+6)(n-1) / ((n-2)(n-3))`` with ``r = n Σd⁴ / (Σd²)²``;
    NaN with fewer than 4 values or no spread."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 4:
        return math.nan
    d = v - v.mean()
    s2 = float(np.sum(d**2))
    if s2 == 0:
        return math.nan
    r = n * float(np.sum(d**4)) / s2**2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def passes(x: np.ndarray, skew_threshold: float, kurtosis_threshold: float) -> bool | None:
    """``|skew| < skew_threshold OR kurtosis < kurtosis_threshold`` with R's three-valued logic:
    ``None`` when undecided (one side unknown and the other false)."""
    g, k = skewness(x), kurtosis(x)
    low_skew = None if math.isnan(g) else abs(g) < skew_threshold
    low_kurt = None if math.isnan(k) else k < kurtosis_threshold
    if low_skew or low_kurt:
        return True
    if low_skew is None or low_kurt is None:
        return None
    return False


@dataclass(frozen=True)
class Winsorised:
    """The result of :func:`winsorise`: values, the count by the rule, the points moved."""

    values: np.ndarray
    count: int
    high: tuple[int, ...]
    low: tuple[int, ...]
    decided: bool = True


def winsorise(
    x: np.ndarray, winmax: int | None, skew_threshold: float, kurtosis_threshold: float
) -> Winsorised:
    """Winsorise step by step while ``x`` fails the test and fewer than ``winmax`` points are
    treated.

    Parameters
    ----------
    x
        One indicator, NaN for missing values.
    winmax
        The most points to treat, counted as the module describes; ``None`` for no limit.
    skew_threshold, kurtosis_threshold
        The test's thresholds (COINr: 2 and 3.5).

    Returns
    -------
    Winsorised
        The values, the count, and the positions moved by the last high and the last low step.
        ``decided`` is false when the test became undecidable midway, in which case COINr keeps
        the original values.
    """
    x = np.array(x, dtype=float)
    high: np.ndarray = np.array([], dtype=int)
    low: np.ndarray = np.array([], dtype=int)
    count = 0
    passing = passes(x, skew_threshold, kurtosis_threshold)
    while passing is False and (winmax is None or count < winmax):
        others = ~np.isnan(x)
        if skewness(x) >= 0:
            high = np.flatnonzero(x == np.nanmax(x))
            others[high] = False
            x[high] = np.max(x[others])
        else:
            low = np.flatnonzero(x == np.nanmin(x))
            others[low] = False
            x[low] = np.min(x[others])
        count = high.size + low.size
        passing = passes(x, skew_threshold, kurtosis_threshold)
    return Winsorised(
        x,
        count,
        tuple(int(i) for i in high),
        tuple(int(i) for i in low),
        decided=passing is not None,
    )


def log_transform(x: np.ndarray) -> np.ndarray:
    """COIN Tool log ``log(x - min + 0.01 (max - min))``; missing values stay missing."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x - lo + 0.01 * (hi - lo))


@dataclass(frozen=True)
class TreatOutcome:
    """What happened to one indicator.

    ``status`` is one of ``passed``, ``winsorised``, ``log``, ``failed`` (still failing after
    treatment, kept treated), ``not_tested`` (the test could not be decided) or ``none`` (treatment
    switched off). ``high`` / ``low`` are positions of winsorised points.
    """

    values: np.ndarray
    status: str
    skew_before: float
    kurtosis_before: float
    skew_after: float
    kurtosis_after: float
    winsorised: int = 0
    high: tuple[int, ...] = ()
    low: tuple[int, ...] = ()
    log: bool = False
    passes_after: bool | None = None


def treat_indicator(x: np.ndarray, rule: TreatRule) -> TreatOutcome:
    """Treat one indicator by ``rule``: test, winsorise, fall back to the log of the original.

    Parameters
    ----------
    x
        One indicator (a 1-D array), NaN for missing values; missing values stay missing.
    rule
        Method, ``winmax``, thresholds and ``combine``.

    Returns
    -------
    TreatOutcome
        Treated values, the status, skewness and kurtosis before and after, and the points moved.
    """
    x = np.asarray(x, dtype=float)
    first = None if rule.method == "none" else passes(x, rule.skew, rule.kurtosis)
    if rule.method == "none" or first is not False:
        status = "none" if rule.method == "none" else "not_tested" if first is None else "passed"
        return _outcome(x, x, status, rule)
    if rule.method == "log":
        return _logged(x, x, rule, None)
    win = winsorise(x, rule.winmax, rule.skew, rule.kurtosis)
    if not win.decided:
        return _outcome(x, x, "not_tested", rule)
    if passes(win.values, rule.skew, rule.kurtosis):
        return _outcome(x, win.values, "winsorised", rule, win)
    if rule.method == "winsorise":
        return _outcome(x, win.values, "failed", rule, win)
    if rule.combine:
        return _logged(x, win.values, rule, win)
    return _logged(x, x, rule, None)


def _logged(
    x: np.ndarray, base: np.ndarray, rule: TreatRule, win: Winsorised | None
) -> TreatOutcome:
    """Log-transform ``base``; an undecidable result keeps the original ``x``, as COINr does."""
    values = log_transform(base)
    verdict = passes(values, rule.skew, rule.kurtosis)
    if verdict is None:
        return _outcome(x, x, "not_tested", rule)
    return _outcome(x, values, "log" if verdict else "failed", rule, win, log=True)


def _outcome(
    x: np.ndarray,
    values: np.ndarray,
    status: str,
    rule: TreatRule,
    win: Winsorised | None = None,
    *,
    log: bool = False,
) -> TreatOutcome:
    return TreatOutcome(
        values=values,
        status=status,
        skew_before=skewness(x),
        kurtosis_before=kurtosis(x),
        skew_after=skewness(values),
        kurtosis_after=kurtosis(values),
        winsorised=win.count if win else 0,
        high=win.high if win else (),
        low=win.low if win else (),
        log=log,
        passes_after=passes(values, rule.skew, rule.kurtosis),
    )


@dataclass(frozen=True)
class TreatResult:
    """Treated values, one row of details per indicator, and one row per treated point."""

    values: pd.DataFrame
    details: pd.DataFrame
    points: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.details


POINT_COLUMNS = ["uCode", "iCode", "treatment", "original", "treated"]


def treat(values: pd.DataFrame, rule_for: Callable[[str], TreatRule]) -> TreatResult:
    """Treat every column of ``values`` (units × indicators) with the rule ``rule_for(code)``."""
    matrix = values.to_numpy(dtype=float)
    out = matrix.copy()
    rows: list[dict[str, object]] = []
    points: list[dict[str, object]] = []
    units = list(values.index)
    for j, code in enumerate(values.columns):
        rule = rule_for(str(code))
        original = matrix[:, j]
        result = treat_indicator(original, rule)
        out[:, j] = result.values
        rows.append(_detail_row(str(code), rule, result))
        points.extend(_point_rows(str(code), units, original, result))
    details = pd.DataFrame(rows).set_index("iCode") if rows else pd.DataFrame()
    table = pd.DataFrame(out, index=values.index, columns=values.columns)
    return TreatResult(table, details, pd.DataFrame(points, columns=POINT_COLUMNS))


def _detail_row(code: str, rule: TreatRule, r: TreatOutcome) -> dict[str, object]:
    return {
        "iCode": code,
        "method": rule.method,
        "status": r.status,
        "skew_before": r.skew_before,
        "kurtosis_before": r.kurtosis_before,
        "winsorised": r.winsorised,
        "log": r.log,
        "skew_after": r.skew_after,
        "kurtosis_after": r.kurtosis_after,
        "passes_after": r.passes_after,
    }


def _point_rows(
    code: str, units: list[object], original: np.ndarray, r: TreatOutcome
) -> list[dict[str, object]]:
    kinds: dict[int, str] = {}
    if r.log:
        kinds = {int(i): "log" for i in np.flatnonzero(~np.isnan(original))}
    for i in r.high:
        kinds[i] = "winsorised_high" + ("+log" if r.log else "")
    for i in r.low:
        kinds[i] = "winsorised_low" + ("+log" if r.log else "")
    return [
        {
            "uCode": units[i],
            "iCode": code,
            "treatment": kinds[i],
            "original": float(original[i]),
            "treated": float(r.values[i]),
        }
        for i in sorted(kinds)
    ]

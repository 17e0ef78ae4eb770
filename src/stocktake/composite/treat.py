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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

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
    return _verdict(skewness(x), kurtosis(x), skew_threshold, kurtosis_threshold)


def _verdict(g: float, k: float, skew_threshold: float, kurtosis_threshold: float) -> bool | None:
    """The test on a skewness and kurtosis already computed (the walk needs the skewness again
    for its direction)."""
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
    passing: bool | None = False

    @property
    def decided(self) -> bool:
        """Whether the test could be decided on the values; when it became undecidable midway,
        COINr keeps the original values."""
        return self.passing is not None


def winsorise(
    x: np.ndarray, winmax: int | None, skew_threshold: float, kurtosis_threshold: float
) -> Winsorised:
    """Winsorise step by step while ``x`` fails the test and fewer than ``winmax`` points are
    treated (:func:`winsorise_limits` with one limit).

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
        The values, the count, the positions moved by the last high and the last low step, and
        the test's verdict on the values (``None`` when it became undecidable midway, in which
        case COINr keeps the original values).
    """
    return winsorise_limits(x, [winmax], skew_threshold, kurtosis_threshold)[0]


def winsorise_limits(
    x: np.ndarray,
    limits: Sequence[int | None],
    skew_threshold: float,
    kurtosis_threshold: float,
) -> list[Winsorised]:
    """Winsorise once for several limits: what :func:`winsorise` gives for each of ``limits``.

    Winsorisation with limit ``k`` stops at the first step where the indicator passes the test
    or ``k`` points are treated; until then every limit takes the same steps. So one walk to the
    largest limit, keeping the state where each smaller limit stops, serves them all: an
    uncertainty analysis over five limits treats each indicator once, not five times.
    """
    x = np.array(x, dtype=float)
    high: np.ndarray = np.array([], dtype=int)
    low: np.ndarray = np.array([], dtype=int)
    count = 0
    found: dict[int, Winsorised] = {}
    while True:
        g = skewness(x)
        passing = _verdict(g, kurtosis(x), skew_threshold, kurtosis_threshold)
        for i, limit in enumerate(limits):
            if i not in found and (passing is not False or (limit is not None and count >= limit)):
                moved_high, moved_low = tuple(map(int, high)), tuple(map(int, low))
                found[i] = Winsorised(x.copy(), count, moved_high, moved_low, passing)
        if len(found) == len(limits):
            return [found[i] for i in range(len(limits))]
        others = ~np.isnan(x)
        if g >= 0:
            high = np.flatnonzero(x == np.nanmax(x))
            others[high] = False
            x[high] = np.max(x[others])
        else:
            low = np.flatnonzero(x == np.nanmin(x))
            others[low] = False
            x[low] = np.min(x[others])
        count = high.size + low.size


def log_transform(x: np.ndarray) -> np.ndarray:
    """COIN Tool log ``log(x - min + 0.01 (max - min))``; missing values stay missing."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x - lo + 0.01 * (hi - lo))


@dataclass(frozen=True, eq=False)
class TreatOutcome:
    """What happened to one indicator.

    ``status`` is one of ``passed``, ``winsorised``, ``log``, ``failed`` (still failing after
    treatment, kept treated), ``not_tested`` (the test could not be decided) or ``none`` (treatment
    switched off). ``high`` / ``low`` are positions of winsorised points. The statistics before
    and after are computed when asked for: the robustness analysis treats many variants and
    reads only the values.
    """

    original: np.ndarray
    values: np.ndarray
    status: str
    rule: TreatRule
    winsorised: int = 0
    high: tuple[int, ...] = ()
    low: tuple[int, ...] = ()
    log: bool = False

    @property
    def skew_before(self) -> float:
        return skewness(self.original)

    @property
    def kurtosis_before(self) -> float:
        return kurtosis(self.original)

    @property
    def skew_after(self) -> float:
        return skewness(self.values)

    @property
    def kurtosis_after(self) -> float:
        return kurtosis(self.values)

    @property
    def passes_after(self) -> bool | None:
        return passes(self.values, self.rule.skew, self.rule.kurtosis)


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
        Treated values, the status, and the points moved.
    """
    return treat_indicator_limits(x, [rule])[0]


def treat_indicator_limits(x: np.ndarray, rules: Sequence[TreatRule]) -> list[TreatOutcome]:
    """:func:`treat_indicator` for rules that differ at most in ``winmax``, with one
    winsorisation walk (:func:`winsorise_limits`) and one log of the original values."""
    rule = rules[0]
    x = np.asarray(x, dtype=float)
    first = None if rule.method == "none" else passes(x, rule.skew, rule.kurtosis)
    if rule.method == "none" or first is not False:
        status = "none" if rule.method == "none" else "not_tested" if first is None else "passed"
        return [TreatOutcome(x, x, status, r) for r in rules]
    logged = _logged(x, log_transform(x), rule, None)
    if rule.method == "log":
        return [replace(logged, rule=r) for r in rules]
    walks = winsorise_limits(x, [r.winmax for r in rules], rule.skew, rule.kurtosis)
    return [_after_winsorising(x, win, r, logged) for win, r in zip(walks, rules, strict=True)]


def _after_winsorising(
    x: np.ndarray, win: Winsorised, rule: TreatRule, logged: TreatOutcome
) -> TreatOutcome:
    """Keep the winsorised values if they pass (or the method stops there), else the log."""
    if not win.decided:
        return TreatOutcome(x, x, "not_tested", rule)
    if win.passing:
        return TreatOutcome(x, win.values, "winsorised", rule, win.count, win.high, win.low)
    if rule.method == "winsorise":
        return TreatOutcome(x, win.values, "failed", rule, win.count, win.high, win.low)
    if rule.combine:
        return _logged(x, log_transform(win.values), rule, win)
    return replace(logged, rule=rule)


def _logged(
    x: np.ndarray, values: np.ndarray, rule: TreatRule, win: Winsorised | None
) -> TreatOutcome:
    """The log-transformed ``values``; an undecidable result keeps the original ``x``, as COINr
    does."""
    verdict = passes(values, rule.skew, rule.kurtosis)
    if verdict is None:
        return TreatOutcome(x, x, "not_tested", rule)
    status = "log" if verdict else "failed"
    if win is None:
        return TreatOutcome(x, values, status, rule, log=True)
    return TreatOutcome(x, values, status, rule, win.count, win.high, win.low, log=True)


RuleFor = Callable[[str], TreatRule]
"""The rule of each indicator (``TreatSpec.rule_for``)."""


@dataclass(frozen=True, eq=False)
class TreatResult:
    """Treated values and each indicator's outcome; the details (one row per indicator) and the
    points (one row per treated point) are tabled from them when first asked for."""

    values: pd.DataFrame
    outcomes: Mapping[str, TreatOutcome]

    @cached_property
    def details(self) -> pd.DataFrame:
        rows = [_detail_row(code, outcome) for code, outcome in self.outcomes.items()]
        return pd.DataFrame(rows).set_index("iCode") if rows else pd.DataFrame()

    @cached_property
    def points(self) -> pd.DataFrame:
        units = list(self.values.index)
        rows = [
            row
            for code, outcome in self.outcomes.items()
            for row in _point_rows(code, units, outcome)
        ]
        return pd.DataFrame(rows, columns=POINT_COLUMNS)

    def to_frame(self) -> pd.DataFrame:
        return self.details


POINT_COLUMNS = ["uCode", "iCode", "treatment", "original", "treated"]


def treat(values: pd.DataFrame, rule_for: RuleFor) -> TreatResult:
    """Treat every column of ``values`` (units × indicators) with the rule ``rule_for(code)``."""
    return treat_variants(values, [rule_for])[0]


def treat_variants(values: pd.DataFrame, rules_for: Sequence[RuleFor]) -> list[TreatResult]:
    """:func:`treat` for several settings at once, one result per setting.

    Settings whose rules for an indicator differ at most in ``winmax`` share one winsorisation
    walk of that indicator (:func:`treat_indicator_limits`).
    """
    matrix = values.to_numpy(dtype=float)
    codes = [str(c) for c in values.columns]
    outcomes: list[dict[str, TreatOutcome]] = [{} for _ in rules_for]
    for j, code in enumerate(codes):
        groups: dict[tuple[object, ...], list[tuple[int, TreatRule]]] = {}
        for v, rule_for in enumerate(rules_for):
            rule = rule_for(code)
            key = (rule.method, rule.skew, rule.kurtosis, rule.combine)  # all but winmax
            groups.setdefault(key, []).append((v, rule))
        for members in groups.values():
            shared = treat_indicator_limits(matrix[:, j], [rule for _, rule in members])
            for (v, _), outcome in zip(members, shared, strict=True):
                outcomes[v][code] = outcome
    results = []
    for found in outcomes:
        treated = np.column_stack([found[c].values for c in codes]) if codes else matrix
        results.append(TreatResult(pd.DataFrame(treated, values.index, values.columns), found))
    return results


def _detail_row(code: str, r: TreatOutcome) -> dict[str, object]:
    return {
        "iCode": code,
        "method": r.rule.method,
        "status": r.status,
        "skew_before": r.skew_before,
        "kurtosis_before": r.kurtosis_before,
        "winsorised": r.winsorised,
        "log": r.log,
        "skew_after": r.skew_after,
        "kurtosis_after": r.kurtosis_after,
        "passes_after": r.passes_after,
    }


def _point_rows(code: str, units: list[object], r: TreatOutcome) -> list[dict[str, object]]:
    kinds: dict[int, str] = {}
    if r.log:
        kinds = {int(i): "log" for i in np.flatnonzero(~np.isnan(r.original))}
    for i in r.high:
        kinds[i] = "winsorised_high" + ("+log" if r.log else "")
    for i in r.low:
        kinds[i] = "winsorised_low" + ("+log" if r.log else "")
    return [
        {
            "uCode": units[i],
            "iCode": code,
            "treatment": kinds[i],
            "original": float(r.original[i]),
            "treated": float(r.values[i]),
        }
        for i in sorted(kinds)
    ]

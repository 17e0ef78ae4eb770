"""Outlier treatment for several winsorisation limits at the cost of one.

Stepwise winsorisation with limit ``k`` stops at the first step where the indicator passes the
skew/kurtosis test or ``k`` points are treated; until then every limit takes the same steps. So one
walk with the largest limit, noting the state each time a smaller limit would have stopped, gives
the treated values for every limit. This walk repeats the control flow of
:func:`stocktake.composite.treat.treat_indicator` and uses its statistics (``skewness``,
``kurtosis``, ``log_transform``) so decisions are taken on the same floating-point numbers; each
statistic is computed once per state of the walk, and the log of the original values once per
indicator, where the build recomputes them. A test checks the two agree, bit for bit, for every
limit and method.

An uncertainty analysis over ``treat.winmax: {values: [1, 2, 3, 4, 5]}`` thus treats each indicator
once instead of five times, which is most of the set-up cost of the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from stocktake.composite.spec import TreatRule, TreatSpec
from stocktake.composite.treat import kurtosis, log_transform, skewness


def treat_matrix_variants(
    values: np.ndarray, codes: Sequence[str], specs: Sequence[TreatSpec]
) -> list[np.ndarray]:
    """The treated units × indicators matrix for each variant's rules.

    Parameters
    ----------
    values
        Units × indicators before treatment (NaN = missing).
    codes
        The indicator codes of the columns, passed to each ``rule_for``.
    specs
        One treatment setting per variant.

    Returns
    -------
    list of numpy.ndarray
        One treated matrix per variant, in the order of ``specs``.
    """
    out = [values.copy() for _ in specs]
    defaults = [spec.rule_for("") if "" not in spec.indicators else None for spec in specs]
    keys = {id(rule): _key(rule) for rule in defaults if rule is not None}
    for j, code in enumerate(codes):
        groups: dict[str, list[tuple[int, TreatRule]]] = {}
        for v, spec in enumerate(specs):
            default = defaults[v]
            rule = spec.indicators.get(code, default) or spec.rule_for(code)
            key = keys.get(id(rule)) or _key(rule)
            groups.setdefault(key, []).append((v, rule))
        for members in groups.values():
            treated = treat_column_limits(values[:, j], [r for _, r in members])
            for (v, _), column in zip(members, treated, strict=True):
                out[v][:, j] = column
    return out


def _key(rule: TreatRule) -> str:
    """Rules with the same key differ at most in their limit and share one walk."""
    return rule.model_copy(update={"winmax": None}).model_dump_json()


def treat_column_limits(x: np.ndarray, rules: Sequence[TreatRule]) -> list[np.ndarray]:
    """Treat one indicator by rules that differ only in ``winmax``; one array per rule."""
    rule = rules[0]
    x = np.asarray(x, dtype=float)
    first = None if rule.method == "none" else _verdict(x, rule)[0]
    if rule.method == "none" or first is not False:
        return [x for _ in rules]
    logged = _logged(x, x, rule)
    if rule.method == "log":
        return [logged for _ in rules]
    out = []
    for win, passing in _walk(x, [r.winmax for r in rules], rule):
        if passing is None:
            out.append(x)
        elif passing or rule.method == "winsorise":
            out.append(win)
        else:
            out.append(_logged(x, win, rule) if rule.combine else logged)
    return out


def _verdict(x: np.ndarray, rule: TreatRule) -> tuple[bool | None, float]:
    """:func:`passes` and the skewness of ``x``, from one computation of each statistic.

    The same three-valued rule as :func:`stocktake.composite.treat.passes`: pass when either
    test passes, undecided (``None``) when one is unknown and the other fails.
    """
    g, k = skewness(x), kurtosis(x)
    low_skew = None if math.isnan(g) else abs(g) < rule.skew
    low_kurt = None if math.isnan(k) else k < rule.kurtosis
    if low_skew or low_kurt:
        return True, g
    if low_skew is None or low_kurt is None:
        return None, g
    return False, g


def _walk(
    x: np.ndarray, limits: Sequence[int | None], rule: TreatRule
) -> list[tuple[np.ndarray, bool | None]]:
    """Winsorise once up to the largest limit; the values where each limit stops, and the
    test's verdict on them."""
    x = x.copy()
    high = low = 0
    count = 0
    passing, g = _verdict(x, rule)
    found: dict[int, tuple[np.ndarray, bool | None]] = {}
    while True:
        for i, limit in enumerate(limits):
            stops = passing is not False or (limit is not None and count >= limit)
            if i not in found and stops:
                found[i] = (x.copy(), passing)
        if len(found) == len(limits):
            break
        others = ~np.isnan(x)
        if g >= 0:
            top = np.flatnonzero(x == np.nanmax(x))
            others[top] = False
            x[top] = np.max(x[others])
            high = top.size
        else:
            bottom = np.flatnonzero(x == np.nanmin(x))
            others[bottom] = False
            x[bottom] = np.min(x[others])
            low = bottom.size
        count = high + low
        passing, g = _verdict(x, rule)
    return [found[i] for i in range(len(limits))]


def _logged(x: np.ndarray, base: np.ndarray, rule: TreatRule) -> np.ndarray:
    values = log_transform(base)
    return x if _verdict(values, rule)[0] is None else values

"""Outlier treatment for several winsorisation limits at the cost of one.

Stepwise winsorisation with limit ``k`` stops at the first step where the indicator passes the
skew/kurtosis test or ``k`` points are treated; until then every limit takes the same steps. So one
walk with the largest limit, noting the state each time a smaller limit would have stopped, gives
the treated values for every limit. This walk repeats the control flow of
:func:`stocktake.composite.treat.treat_indicator` and uses its statistics (:func:`skewness`,
:func:`passes`, :func:`log_transform`) so decisions are taken on the same floating-point numbers;
a test checks the two agree for every limit.

An uncertainty analysis over ``treat.winmax: {values: [1, 2, 3, 4, 5]}`` thus treats each indicator
once instead of five times, which is most of the set-up cost of the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stocktake.composite.spec import TreatRule, TreatSpec
from stocktake.composite.treat import log_transform, passes, skewness


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
    first = None if rule.method == "none" else passes(x, rule.skew, rule.kurtosis)
    if rule.method == "none" or first is not False:
        return [x for _ in rules]
    if rule.method == "log":
        logged = _logged(x, x, rule)
        return [logged for _ in rules]
    states = _walk(x, [r.winmax for r in rules], rule)
    return [_finish(x, win, decided, rule) for win, decided in states]


def _walk(
    x: np.ndarray, limits: Sequence[int | None], rule: TreatRule
) -> list[tuple[np.ndarray, bool]]:
    """Winsorise once up to the largest limit; the values (and whether the test was decided)
    where each limit stops."""
    x = x.copy()
    high = low = 0
    count = 0
    passing = passes(x, rule.skew, rule.kurtosis)
    found: dict[int, tuple[np.ndarray, bool]] = {}

    def stop_here(limit: int | None) -> bool:
        return passing is not False or (limit is not None and count >= limit)

    while True:
        for i, limit in enumerate(limits):
            if i not in found and stop_here(limit):
                found[i] = (x.copy(), passing is not None)
        if len(found) == len(limits):
            break
        others = ~np.isnan(x)
        if skewness(x) >= 0:
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
        passing = passes(x, rule.skew, rule.kurtosis)
    return [found[i] for i in range(len(limits))]


def _finish(x: np.ndarray, win: np.ndarray, decided: bool, rule: TreatRule) -> np.ndarray:
    if not decided:
        return x
    if passes(win, rule.skew, rule.kurtosis) or rule.method == "winsorise":
        return win
    return _logged(x, win if rule.combine else x, rule)


def _logged(x: np.ndarray, base: np.ndarray, rule: TreatRule) -> np.ndarray:
    values = log_transform(base)
    return x if passes(values, rule.skew, rule.kurtosis) is None else values

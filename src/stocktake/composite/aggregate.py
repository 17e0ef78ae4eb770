"""Aggregation: combine the children of each aggregate, level by level up the tree.

Each method is a pure function of a units × children array (NaN = missing) and the children's
weights. Weights are rescaled to sum to one over the children a unit has, so a missing child
neither counts as zero nor drags the score down (COINr's ``a_amean``, ``a_gmean``, ``a_hmean``).
A data-availability threshold sets the result to missing for a unit whose share of present
children is below it.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.6, Part 2
sections 6.10 (additive), 6.11 (geometric), 6.12–6.13 (Condorcet outranking and the
non-compensatory multi-criteria approach, of which Copeland is the simplest rule); COINr's
``a_amean``, ``a_gmean``, ``a_hmean``, ``a_genmean`` and ``a_copeland``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.errors import AggregationError
from stocktake.composite.hierarchy import Hierarchy
from stocktake.composite.spec import AggregationRule


@dataclass(frozen=True)
class Context:
    """Names for error messages: the aggregate, its children and the units (rows)."""

    aggregate: str = "the aggregate"
    children: Sequence[str] = ()
    units: Sequence[object] = ()

    def child(self, j: int) -> str:
        return str(self.children[j]) if j < len(self.children) else f"child {j + 1}"

    def unit(self, i: int) -> str:
        return str(self.units[i]) if i < len(self.units) else f"row {i + 1}"


def _present_weights(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    present = ~np.isnan(x)
    return present, np.where(present, np.asarray(w, dtype=float), 0.0)


def _finish(y: np.ndarray, present: np.ndarray) -> np.ndarray:
    """A unit without any present child is missing."""
    return np.asarray(np.where(present.any(axis=-1), y, np.nan), dtype=float)


def arithmetic(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``Σ w x / Σ w`` over the present children of each unit.

    ``x`` is units × children, or with leading axes for replications; ``w`` broadcasts against
    ``x`` (one weight per child, or per replication and child with shape ``(..., 1, children)``).
    """
    present, wp = _present_weights(x, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = wp / wp.sum(axis=-1, keepdims=True)  # COINr rescales first, then sums
        y = (np.where(present, x, 0.0) * shares).sum(axis=-1)
    return _finish(y, present)


def _require(x: np.ndarray, bad: np.ndarray, ctx: Context, method: str, need: str) -> None:
    if np.any(bad):
        where = tuple(int(v) for v in np.argwhere(bad)[0])
        i, j = where[-2] if len(where) > 1 else 0, where[-1]
        raise AggregationError(
            f"the {method} of '{ctx.aggregate}' for unit '{ctx.unit(i)}' meets the value "
            f"{x[where]:g} of '{ctx.child(j)}', but it needs values {need}; normalise to a "
            f"positive range (e.g. normalise: {{method: minmax, range: [1, 100]}}) or aggregate "
            f"'{ctx.aggregate}' with another method"
        )


def geometric(x: np.ndarray, w: np.ndarray, ctx: Context | None = None) -> np.ndarray:
    """``exp(Σ w log x / Σ w)``; raises :class:`AggregationError` on a zero or negative value."""
    present, wp = _present_weights(x, w)
    _require(x, present & (x <= 0), ctx or Context(), "geometric mean", "above 0")
    logs = np.log(np.where(present, x, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.exp((logs * wp).sum(axis=-1) / wp.sum(axis=-1))
    return _finish(y, present)


def harmonic(x: np.ndarray, w: np.ndarray, ctx: Context | None = None) -> np.ndarray:
    """``Σ w / Σ (w / x)``; raises :class:`AggregationError` on a zero value."""
    present, wp = _present_weights(x, w)
    _require(x, present & (x == 0), ctx or Context(), "harmonic mean", "other than 0")
    with np.errstate(invalid="ignore", divide="ignore"):
        y = wp.sum(axis=-1) / (wp / np.where(present, x, 1.0)).sum(axis=-1)
    return _finish(y, present)


def power(x: np.ndarray, w: np.ndarray, p: float, ctx: Context | None = None) -> np.ndarray:
    """The generalised mean ``(Σ w x^p / Σ w)^(1/p)``, ``p ≠ 0``, over the present children.

    Needs values above 0 when ``p < 0`` and values of at least 0 when ``p`` is not a whole number.
    (COINr's ``a_genmean`` returns missing when any child is missing instead.)
    """
    if p == 0:
        raise AggregationError("the power mean needs p ≠ 0; p = 0 is the geometric mean")
    present, wp = _present_weights(x, w)
    if p < 0:
        _require(x, present & (x <= 0), ctx or Context(), f"power mean (p = {p:g})", "above 0")
    elif not float(p).is_integer():
        _require(x, present & (x < 0), ctx or Context(), f"power mean (p = {p:g})", "of 0 or more")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wp * np.where(present, x, 1.0) ** p).sum(axis=-1) / wp.sum(axis=-1)
        y = mean ** (1 / p)
    return _finish(y, present)


def outranking(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The outranking matrix: entry (i, j) is the weight share of children where unit i beats j,
    plus half the share where they tie; comparisons with a missing value count for neither.

    As in COINr, the upper triangle is computed and the lower one set to ``1 - upper``; sums are
    accumulated in extended precision as R does, so exact halves are recognised alike.
    """
    n, k = x.shape
    share = np.asarray(w, dtype=float) / float(np.sum(np.asarray(w, dtype=np.longdouble)))
    wins = np.zeros((n, n), dtype=np.longdouble)
    ties = np.zeros((n, n), dtype=np.longdouble)
    for c in range(k):
        col = x[:, c]
        wins += np.where(col[:, None] > col[None, :], share[c], 0.0)
        ties += np.where(col[:, None] == col[None, :], share[c], 0.0)
    upper = (
        wins.astype(float).astype(np.longdouble) + (ties.astype(float) / 2).astype(np.longdouble)
    ).astype(float)
    i, j = np.triu_indices(n, 1)
    matrix = np.zeros((n, n))
    matrix[i, j] = upper[i, j]
    matrix[j, i] = 1 - upper[i, j]
    return matrix


def copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score: for each other unit, +1 if the unit outranks it (share > 0.5), -1 if it is
    outranked (share < 0.5), 0 on a tie; summed."""
    matrix = outranking(x, w)
    score = np.sign(matrix - 0.5)
    np.fill_diagonal(score, 0.0)
    return np.asarray(score.sum(axis=1), dtype=float)


def availability(x: np.ndarray) -> np.ndarray:
    """Share of present children per unit."""
    return np.asarray(np.mean(~np.isnan(x), axis=-1), dtype=float)


def combine(x: np.ndarray, w: np.ndarray, rule: AggregationRule, ctx: Context) -> np.ndarray:
    """Aggregate one group by ``rule``, then apply its data-availability threshold."""
    if rule.method == "arithmetic":
        y = arithmetic(x, w)
    elif rule.method == "geometric":
        y = geometric(x, w, ctx)
    elif rule.method == "harmonic":
        y = harmonic(x, w, ctx)
    elif rule.method == "power":
        y = power(x, w, float(rule.p or 0), ctx)
    else:
        y = copeland(x, w)
    if rule.min_availability is not None:
        y = np.where(availability(x) < rule.min_availability, np.nan, y)
    return y


@dataclass(frozen=True)
class AggregateResult:
    """Indicator and aggregate scores (units × codes) and the rule each aggregate used."""

    values: pd.DataFrame
    details: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.details


def aggregate(
    values: pd.DataFrame,
    tree: Hierarchy,
    weights: Mapping[str, float],
    rule_for: Callable[[str, int], AggregationRule],
) -> AggregateResult:
    """Compute every aggregate of ``tree`` from the normalised indicators in ``values``.

    Parameters
    ----------
    values
        Units × indicators (normalised), NaN for missing values.
    tree
        The index's hierarchy; aggregates are computed lowest level first.
    weights
        Each node's weight within its parent (:func:`~stocktake.composite.weights.resolve_weights`).
    rule_for
        The rule of aggregate ``code`` at ``level`` (``AggregateSpec.rule_for``).

    Returns
    -------
    AggregateResult
        Units × (indicators, then aggregates), and the rule each aggregate used.
    """
    columns = {str(c): values[c].to_numpy(dtype=float) for c in values.columns}
    units = list(values.index)
    rows = []
    for code in tree.aggregates:
        children = list(tree.children(code))
        rule = rule_for(code, tree.level[code])
        x = np.column_stack([columns[c] for c in children])
        w = np.array([weights[c] for c in children], dtype=float)
        columns[code] = combine(x, w, rule, Context(code, children, units))
        rows.append(
            {
                "iCode": code,
                "Level": tree.level[code],
                "method": rule.method,
                "p": rule.p,
                "min_availability": rule.min_availability,
                "children": " ".join(children),
            }
        )
    details = pd.DataFrame(
        rows, columns=["iCode", "Level", "method", "p", "min_availability", "children"]
    )
    out = pd.DataFrame(columns, index=values.index)
    return AggregateResult(out, details.set_index("iCode"))

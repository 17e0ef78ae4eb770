"""Weighted aggregation of many replications at once, as matrix products.

A replication of an index differs from the nominal build in which normalised matrix it starts
from (one of a few data variants, computed once), the weights (one vector per replication) and
the aggregation rule of each aggregate. Every mean the build uses is a quasi-arithmetic mean

    M(x) = g⁻¹( Σ_present w_c g(x_c) / Σ_present w_c )

with ``g`` the identity (arithmetic), ``log`` (geometric), ``1/x`` (harmonic) or ``x^p`` (power).
With missing children set to 0 in ``g(x)`` and a presence mask ``P``, the numerator and the
denominator of every aggregate at one level are two matrix products with the membership matrix
``M`` (children × aggregates) scaled by the replication's weights:

    num[r] = g(X) · (w_r ∘ M),   den[r] = P · (w_r ∘ M).

For indicator children the data matrix is shared by all replications that use the same variant,
so one product ``g(X_v) · [w_r ∘ M]_r`` serves all of them at once; aggregate children differ per
replication and use a batched product. Levels are taken in turn, so an aggregate may have
children at any lower level. Copeland scores are not a mean; they are computed per replication
with :func:`stocktake.composite.aggregate.copeland`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from stocktake.composite.aggregate import copeland
from stocktake.composite.hierarchy import Hierarchy

METHODS: tuple[str, ...] = ("arithmetic", "geometric", "harmonic", "power", "copeland")
"""Aggregation methods by code, the order of :attr:`Replications.method`."""
ARITHMETIC, GEOMETRIC, HARMONIC, POWER, COPELAND = range(5)


@dataclass(frozen=True)
class Replications:
    """What varies in a block of ``R`` replications, as arrays.

    Attributes
    ----------
    variant
        ``R``: the number of the data variant (normalised matrix) each replication starts from.
    weights
        ``R × nodes``: each node's weight within its parent, nodes in ``Hierarchy.codes`` order.
    method
        ``R × aggregates``: the code (:data:`METHODS`) of each aggregate's method, aggregates in
        ``Hierarchy.aggregates`` order.
    p
        ``R × aggregates``: the power mean's exponent (ignored for other methods).
    min_availability
        ``R × aggregates``: the data-availability threshold, NaN for none.
    """

    variant: np.ndarray
    weights: np.ndarray
    method: np.ndarray
    p: np.ndarray
    min_availability: np.ndarray

    def __len__(self) -> int:
        return int(self.variant.shape[0])

    def rows(self, start: int, stop: int) -> Replications:
        """Replications ``start`` to ``stop`` (a chunk)."""
        return Replications(
            self.variant[start:stop],
            self.weights[start:stop],
            self.method[start:stop],
            self.p[start:stop],
            self.min_availability[start:stop],
        )


class InvalidValue(Exception):
    """A mean met a value it cannot use; carries where, so the caller can name the settings."""

    def __init__(
        self,
        replication: int,
        unit: int,
        aggregate: str,
        child: str,
        value: float,
        method: str,
        need: str,
    ) -> None:
        super().__init__(f"{method} of {aggregate} meets {value} of {child}")
        self.replication = replication
        self.unit = unit
        self.aggregate = aggregate
        self.child = child
        self.value = value
        self.method = method
        self.need = need


@dataclass(frozen=True)
class _Level:
    """The aggregates of one level and the membership of their children."""

    columns: np.ndarray  # positions of this level's aggregates among all aggregates
    indicators: np.ndarray  # positions of indicator children (columns of X)
    inner: np.ndarray  # positions (among aggregates) of aggregate children
    m_indicators: np.ndarray  # len(indicators) × B, 0/1
    m_inner: np.ndarray  # len(inner) × B, 0/1
    children: np.ndarray  # B: number of children of each aggregate


@dataclass
class IndexKernel:
    """Aggregates replications of an index over fixed data variants.

    Parameters
    ----------
    tree
        The index hierarchy.
    variants
        Units × indicators normalised matrices (NaN = missing), indicators in
        ``tree.indicators`` order, the same units in the same order in each.
    included
        Per variant, which units its build keeps (screened-out units have NaN rows); only
        Copeland scores, which count the units compared, need it.
    """

    tree: Hierarchy
    variants: Sequence[np.ndarray]
    included: Sequence[np.ndarray]
    _levels: list[_Level] = field(init=False, repr=False)
    _present: list[np.ndarray] = field(init=False, repr=False)
    _transformed: dict[tuple[int, int, float], np.ndarray] = field(
        init=False, repr=False, default_factory=dict
    )
    _bad: dict[tuple[int, int, float], np.ndarray] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._levels = _levels(self.tree)
        self._present = [(~np.isnan(x)).astype(float) for x in self.variants]

    @property
    def units(self) -> int:
        return int(self.variants[0].shape[0])

    def bytes_per_replication(self) -> int:
        """Working memory one replication needs in :meth:`aggregate` (for sizing chunks)."""
        n_aggregates = len(self.tree.aggregates)
        widest = max((lv.columns.size for lv in self._levels), default=1)
        n_ind = len(self.tree.indicators)
        return 8 * (self.units * (n_aggregates + 6 * widest) + 2 * n_ind * widest)

    def aggregate(self, reps: Replications) -> np.ndarray:
        """Every aggregate of every replication: ``R × units × aggregates``.

        Raises
        ------
        InvalidValue
            When a geometric, harmonic or power mean meets a value it cannot use.
        """
        n_reps = len(reps)
        n_agg = len(self.tree.aggregates)
        values = np.full((n_reps, self.units, n_agg), np.nan)
        n_ind = len(self.tree.indicators)
        w_ind, w_agg = reps.weights[:, :n_ind], reps.weights[:, n_ind:]
        for level in self._levels:
            self._level(level, reps, w_ind, w_agg, values)
        return values

    def _level(
        self,
        level: _Level,
        reps: Replications,
        w_ind: np.ndarray,
        w_agg: np.ndarray,
        values: np.ndarray,
    ) -> None:
        wm_ind = w_ind[:, level.indicators, None] * level.m_indicators[None]  # R × I_L × B
        wm_agg = w_agg[:, level.inner, None] * level.m_inner[None]  # R × A_L × B
        inner = values[:, :, level.inner]  # R × U × A_L
        inner_present = ~np.isnan(inner)
        den = self._products(self._present, level, reps.variant, wm_ind)
        den += np.matmul(inner_present.astype(float), wm_agg)
        methods = reps.method[:, level.columns]
        powers = np.where(methods == POWER, reps.p[:, level.columns], 0.0)
        out = np.full(den.shape, np.nan)
        for code, p in _keys(methods, powers):
            chosen = (methods == code) & (powers == p)
            rows = np.flatnonzero(chosen.any(axis=1))
            if code == COPELAND:
                result = self._copeland(level, reps, rows, values)
            else:
                result = self._mean(
                    level,
                    reps,
                    rows,
                    (code, p),
                    chosen[rows],
                    inner,
                    inner_present,
                    wm_ind,
                    wm_agg,
                    den[rows],
                )
            out[rows] = np.where(chosen[rows][:, None, :], result, out[rows])
        thresholds = reps.min_availability[:, level.columns]
        if not np.all(np.isnan(thresholds)):
            share = self._availability(level, reps.variant, inner_present)
            with np.errstate(invalid="ignore"):
                out = np.where(share < thresholds[:, None, :], np.nan, out)
        values[:, :, level.columns] = out

    def _mean(
        self,
        level: _Level,
        reps: Replications,
        rows: np.ndarray,
        key: tuple[int, float],
        chosen: np.ndarray,
        inner: np.ndarray,
        inner_present: np.ndarray,
        wm_ind: np.ndarray,
        wm_agg: np.ndarray,
        den: np.ndarray,
    ) -> np.ndarray:
        """The quasi-arithmetic mean ``key`` (method code, exponent) for replications ``rows``."""
        code, p = key
        variant = reps.variant[rows]
        if code != ARITHMETIC:
            self._check(level, reps, rows, code, p, chosen, inner[rows], inner_present[rows])
        transformed = [self._transform(v, code, p) for v in range(len(self.variants))]
        num = self._products(transformed, level, variant, wm_ind[rows])
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            g_inner = np.where(inner_present[rows], _g(inner[rows], code, p), 0.0)
            num += np.matmul(g_inner, wm_agg[rows])
            mean = num / den
            return _g_inverse(mean, code, p)

    def _products(
        self, matrices: Sequence[np.ndarray], level: _Level, variant: np.ndarray, wm: np.ndarray
    ) -> np.ndarray:
        """``matrices[v][:, indicators] · wm[r]`` for each replication ``r`` of variant ``v``."""
        n_reps, n_children, n_cols = wm.shape
        out = np.zeros((n_reps, self.units, n_cols))
        if n_children == 0:
            return out
        for v in np.unique(variant):
            rows = np.flatnonzero(variant == v)
            x = matrices[v][:, level.indicators]
            stacked = wm[rows].transpose(1, 0, 2).reshape(n_children, rows.size * n_cols)
            product = (x @ stacked).reshape(self.units, rows.size, n_cols)
            out[rows] = product.transpose(1, 0, 2)
        return out

    def _transform(self, v: int, code: int, p: float) -> np.ndarray:
        """``g(X_v)`` with missing values as 0, computed once per variant and method."""
        key = (v, code, p)
        if key not in self._transformed:
            x = self.variants[v]
            with np.errstate(divide="ignore", invalid="ignore"):
                self._transformed[key] = np.where(np.isnan(x), 0.0, _g(x, code, p))
        return self._transformed[key]

    def _availability(
        self, level: _Level, variant: np.ndarray, inner_present: np.ndarray
    ) -> np.ndarray:
        ones = np.broadcast_to(level.m_indicators, (variant.size, *level.m_indicators.shape))
        count = self._products(self._present, level, variant, ones)
        count += np.matmul(inner_present.astype(float), level.m_inner)
        return np.asarray(count / level.children)

    def _check(
        self,
        level: _Level,
        reps: Replications,
        rows: np.ndarray,
        code: int,
        p: float,
        chosen: np.ndarray,
        inner: np.ndarray,
        inner_present: np.ndarray,
    ) -> None:
        """Raise :class:`InvalidValue` at the first value the mean cannot take.

        A variant's indicators are checked once (which columns hold a bad value); aggregate
        children are checked for all rows at once, so the cost is a few array operations.
        """
        need = _need(code, p)
        if need is None:
            return
        uses_ind = (chosen.astype(float) @ level.m_indicators.T) > 0  # rows × I_L
        uses_inner = (chosen.astype(float) @ level.m_inner.T) > 0  # rows × A_L
        bad_columns = np.stack([self._bad_columns(v, code, p) for v in range(len(self.variants))])
        bad_ind = uses_ind & bad_columns[reps.variant[rows]][:, level.indicators]
        with np.errstate(invalid="ignore"):
            bad_inner = inner_present & ~_allowed(inner, code, p) & uses_inner[:, None, :]
        if not bad_ind.any() and not bad_inner.any():
            return
        if bad_ind.any():
            i, c = (int(a[0]) for a in np.nonzero(bad_ind))
            child = self.tree.indicators[int(level.indicators[c])]
            x = self.variants[reps.variant[rows[i]]][:, int(level.indicators[c])]
            with np.errstate(invalid="ignore"):
                u = int(np.flatnonzero(~np.isnan(x) & ~_allowed(x, code, p))[0])
            value = float(x[u])
        else:
            i, u, c = (int(a[0]) for a in np.nonzero(bad_inner))
            child = self.tree.aggregates[int(level.inner[c])]
            value = float(inner[i, u, c])
        parent = str(self.tree.parent[child])
        raise InvalidValue(int(rows[i]), u, parent, child, value, METHODS[code], need)

    def _bad_columns(self, v: int, code: int, p: float) -> np.ndarray:
        """Which indicators of variant ``v`` hold a value the mean cannot take."""
        key = (v, code, p)
        if key not in self._bad:
            x = self.variants[v]
            with np.errstate(invalid="ignore"):
                self._bad[key] = np.any(~np.isnan(x) & ~_allowed(x, code, p), axis=0)
        return self._bad[key]

    def _copeland(
        self, level: _Level, reps: Replications, rows: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """Copeland scores, one replication and aggregate at a time (pairwise, not a mean)."""
        out = np.full((rows.size, self.units, level.columns.size), np.nan)
        position = {c: i for i, c in enumerate(self.tree.codes)}
        n_ind = len(self.tree.indicators)
        for i, r in enumerate(rows):
            x_all = self.variants[reps.variant[r]]
            kept = self.included[reps.variant[r]]
            for b, col in enumerate(level.columns):
                kids = [position[k] for k in self.tree.children(self.tree.aggregates[col])]
                parts = [x_all[:, k] if k < n_ind else values[r, :, k - n_ind] for k in kids]
                x = np.column_stack(parts)[kept]
                out[i, kept, b] = copeland(x, reps.weights[r, kids])
        return out


def _levels(tree: Hierarchy) -> list[_Level]:
    ind_pos = {c: i for i, c in enumerate(tree.indicators)}
    agg_pos = {c: i for i, c in enumerate(tree.aggregates)}
    out = []
    for lv in sorted({tree.level[a] for a in tree.aggregates}):
        cols = [a for a in tree.aggregates if tree.level[a] == lv]
        kids = [(k, b) for b, a in enumerate(cols) for k in tree.children(a)]
        ind = sorted({ind_pos[k] for k, _ in kids if k in ind_pos})
        inner = sorted({agg_pos[k] for k, _ in kids if k in agg_pos})
        m_ind = np.zeros((len(ind), len(cols)))
        m_inner = np.zeros((len(inner), len(cols)))
        for k, b in kids:
            if k in ind_pos:
                m_ind[ind.index(ind_pos[k]), b] = 1.0
            else:
                m_inner[inner.index(agg_pos[k]), b] = 1.0
        out.append(
            _Level(
                columns=np.array([agg_pos[a] for a in cols], dtype=np.int64),
                indicators=np.array(ind, dtype=np.int64),
                inner=np.array(inner, dtype=np.int64),
                m_indicators=m_ind,
                m_inner=m_inner,
                children=np.array([len(tree.children(a)) for a in cols], dtype=float),
            )
        )
    return out


def _keys(methods: np.ndarray, powers: np.ndarray) -> list[tuple[int, float]]:
    pairs = np.unique(np.stack([methods.ravel().astype(float), powers.ravel()]), axis=1)
    return [(int(c), float(p)) for c, p in pairs.T]


def _g(x: np.ndarray, code: int, p: float) -> np.ndarray:
    if code == GEOMETRIC:
        return np.log(x)
    if code == HARMONIC:
        return 1.0 / x
    if code == POWER:
        return np.asarray(x**p)
    return x


def _g_inverse(m: np.ndarray, code: int, p: float) -> np.ndarray:
    if code == GEOMETRIC:
        return np.exp(m)
    if code == HARMONIC:
        return 1.0 / m
    if code == POWER:
        return np.asarray(m ** (1.0 / p))
    return m


def _need(code: int, p: float) -> str | None:
    if code == GEOMETRIC or (code == POWER and p < 0):
        return "above 0"
    if code == HARMONIC:
        return "other than 0"
    if code == POWER and not float(p).is_integer():
        return "of 0 or more"
    return None


def _allowed(x: np.ndarray, code: int, p: float) -> np.ndarray:
    if code == GEOMETRIC or (code == POWER and p < 0):
        return np.asarray(x > 0)
    if code == HARMONIC:
        return np.asarray(x != 0)
    return np.asarray(x >= 0)

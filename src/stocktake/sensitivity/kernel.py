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

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

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
        return self.take(slice(start, stop))

    def take(self, which: slice | np.ndarray) -> Replications:
        """The replications ``which`` selects, in that order."""
        return Replications(
            self.variant[which],
            self.weights[which],
            self.method[which],
            self.p[which],
            self.min_availability[which],
        )

    def segment_order(self) -> np.ndarray:
        """An order that puts replications sharing a variant and methods next to each other,
        so that :meth:`IndexKernel.aggregate` meets few, long segments."""
        keys = [self.p[:, a] for a in range(self.p.shape[1])][::-1]
        keys += [self.method[:, a] for a in range(self.method.shape[1])][::-1]
        return np.lexsort([*keys, self.variant])


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
    _absent: dict[int, sparse.csr_array] = field(init=False, repr=False, default_factory=dict)

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
        """Every aggregate of every replication: ``units × R × aggregates``.

        Units come first so that the product for a level lands in place without a transpose;
        every elementwise step (``log``, ``exp``, division) then runs on contiguous memory,
        which is several times faster than on a strided view. Replications are taken in
        segments that share a data variant and aggregation methods (sorting them by these first
        makes segments long); within a segment each level is one product per method.

        Raises
        ------
        InvalidValue
            When a geometric, harmonic or power mean meets a value it cannot use.
        """
        values = np.full((self.units, len(reps), len(self.tree.aggregates)), np.nan)
        for rows in _segments(reps):
            for level in self._levels:
                self._level(level, reps, rows, values)
        return values

    def _level(self, level: _Level, reps: Replications, rows: slice, values: np.ndarray) -> None:
        """One level for a segment of replications with one variant and one set of methods."""
        v = int(reps.variant[rows.start])
        n_ind = len(self.tree.indicators)
        w_ind = reps.weights[rows, level.indicators]  # R × I_L
        w_agg = reps.weights[rows, n_ind + level.inner]  # R × A_L
        inner = values[:, rows, _span(level.inner)]  # U × R × A_L
        inner_present = ~np.isnan(inner)
        all_inner = bool(inner_present.all())
        den, empty = self._denominator(level, v, w_ind, w_agg, inner_present, all_inner)
        methods = reps.method[rows.start, level.columns]
        powers = np.where(methods == POWER, reps.p[rows.start, level.columns], 0.0)
        out = np.empty((self.units, w_ind.shape[0], level.columns.size))
        for code, p in _keys(methods[None], powers[None]):
            cols = np.flatnonzero((methods == code) & (powers == p))
            if code == COPELAND:
                out[:, :, cols] = self._copeland(level, reps, rows, cols, values)
                continue
            self._check(level, (v, int(rows.start)), code, p, cols, inner, inner_present)
            g_x = self._transform(v, code, p)[:, level.indicators]
            num = _product(g_x, w_ind, level.m_indicators[:, cols])
            if level.inner.size:
                with np.errstate(divide="ignore", invalid="ignore"):
                    g_inner = _g(inner, code, p)
                    if not all_inner:
                        g_inner = np.where(inner_present, g_inner, 0.0)
                num += _inner_product(g_inner, w_agg, level.m_inner[:, cols])
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                num /= den if cols.size == den.shape[2] else den[:, :, cols]
                out[:, :, cols] = _g_inverse(num, code, p)
        if empty is not None:
            out[empty] = np.nan
        thresholds = reps.min_availability[rows][:, level.columns]
        if not np.all(np.isnan(thresholds)):
            share = self._availability(level, v, inner_present)
            with np.errstate(invalid="ignore"):
                out = np.where(share < thresholds[None], np.nan, out)
        values[:, rows, _span(level.columns)] = out

    def _denominator(
        self,
        level: _Level,
        v: int,
        w_ind: np.ndarray,
        w_agg: np.ndarray,
        inner_present: np.ndarray,
        all_inner: bool,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """``Σ_present w`` per unit, replication and aggregate (U × R × B), and where no child
        is present (``None`` when that happens nowhere).

        All weights minus those of the missing children: the missing cells are few, so their
        product is taken as a sparse matrix, and when none is missing it is skipped. The
        subtraction leaves rounding residue where every child is missing, so those places are
        returned to be set missing, as the build's 0/0 makes them.
        """
        full = w_ind @ level.m_indicators + w_agg @ level.m_inner  # R × B
        den = np.broadcast_to(full[None], (self.units, *full.shape))
        missing = self._missing(v)[:, level.indicators]
        if missing.nnz:
            den = den - _product(missing, w_ind, level.m_indicators)
        absent = None
        if not all_inner:
            absent = (~inner_present).astype(float)
            den = den - _inner_product(absent, w_agg, level.m_inner)
        if not missing.nnz and absent is None:
            return np.asarray(den), None
        no_indicator = (missing @ level.m_indicators) == level.m_indicators.sum(axis=0)  # U × B
        n_inner = level.m_inner.sum(axis=0)
        no_inner = (absent @ level.m_inner == n_inner) if absent is not None else (n_inner == 0)
        empty = no_indicator[:, None, :] & no_inner
        if (w_ind == 0).any() or (w_agg == 0).any():
            # Children present with weight 0 only: the build's 0/0; find them by size.
            empty = empty | (np.abs(den) <= 1e-12 * np.abs(full[None]))
        return np.asarray(den), (empty if empty.any() else None)

    def _missing(self, v: int) -> sparse.csr_array:
        """Variant ``v``'s missing cells as a sparse 0/1 matrix (units × indicators)."""
        if v not in self._absent:
            self._absent[v] = sparse.csr_array(np.isnan(self.variants[v]).astype(float))
        return self._absent[v]

    def _transform(self, v: int, code: int, p: float) -> np.ndarray:
        """``g(X_v)`` with missing values as 0, computed once per variant and method."""
        key = (v, code, p)
        if key not in self._transformed:
            x = self.variants[v]
            with np.errstate(divide="ignore", invalid="ignore"):
                self._transformed[key] = np.where(np.isnan(x), 0.0, _g(x, code, p))
        return self._transformed[key]

    def _availability(self, level: _Level, v: int, inner_present: np.ndarray) -> np.ndarray:
        """Share of present children per unit, replication and aggregate (U × R × B)."""
        present = (~np.isnan(self.variants[v][:, level.indicators])).astype(float)
        count = (present @ level.m_indicators)[:, None, :] + inner_present.astype(float) @ (
            level.m_inner
        )
        return np.asarray(count / level.children)

    def _check(
        self,
        level: _Level,
        where: tuple[int, int],
        code: int,
        p: float,
        cols: np.ndarray,
        inner: np.ndarray,
        inner_present: np.ndarray,
    ) -> None:
        """Raise :class:`InvalidValue` at the first value the mean cannot take.

        A variant's indicators are checked once (which columns hold a bad value); aggregate
        children are checked for the whole segment at once.
        """
        need = _need(code, p)
        if need is None:
            return
        v, first_row = where
        uses_ind = level.m_indicators[:, cols].any(axis=1)
        uses_inner = level.m_inner[:, cols].any(axis=1)
        bad_ind = uses_ind & self._bad_columns(v, code, p)[level.indicators]
        if bad_ind.any():
            column = int(level.indicators[np.flatnonzero(bad_ind)[0]])
            x = self.variants[v][:, column]
            with np.errstate(invalid="ignore"):
                u = int(np.flatnonzero(~np.isnan(x) & ~_allowed(x, code, p))[0])
            child = self.tree.indicators[column]
            raise InvalidValue(
                first_row, u, str(self.tree.parent[child]), child, float(x[u]), METHODS[code], need
            )
        with np.errstate(invalid="ignore"):
            bad = inner_present & ~_allowed(inner, code, p) & uses_inner
        if bad.any():
            u, r, c = (int(a[0]) for a in np.nonzero(bad))
            child = self.tree.aggregates[int(level.inner[c])]
            raise InvalidValue(
                first_row + r,
                u,
                str(self.tree.parent[child]),
                child,
                float(inner[u, r, c]),
                METHODS[code],
                need,
            )

    def _bad_columns(self, v: int, code: int, p: float) -> np.ndarray:
        """Which indicators of variant ``v`` hold a value the mean cannot take."""
        key = (v, code, p)
        if key not in self._bad:
            x = self.variants[v]
            with np.errstate(invalid="ignore"):
                self._bad[key] = np.any(~np.isnan(x) & ~_allowed(x, code, p), axis=0)
        return self._bad[key]

    def _copeland(
        self, level: _Level, reps: Replications, rows: slice, cols: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """Copeland scores, one replication and aggregate at a time (pairwise, not a mean),
        over the units the variant keeps."""
        v = int(reps.variant[rows.start])
        kept = self.included[v]
        position = {c: i for i, c in enumerate(self.tree.codes)}
        n_ind = len(self.tree.indicators)
        x_all = self.variants[v]
        span = range(rows.start, rows.stop)
        out = np.full((self.units, len(span), cols.size), np.nan)
        for i, r in enumerate(span):
            for b, col in enumerate(level.columns[cols]):
                kids = [position[k] for k in self.tree.children(self.tree.aggregates[col])]
                parts = [x_all[:, k] if k < n_ind else values[:, r, k - n_ind] for k in kids]
                x = np.column_stack(parts)[kept]
                out[kept, i, b] = copeland(x, reps.weights[r, kids])
        return out


def _segments(reps: Replications) -> list[slice]:
    """Runs of consecutive replications with the same variant, methods and exponents."""
    key = np.column_stack([reps.variant, reps.method, reps.p])
    change = np.flatnonzero(np.any(key[1:] != key[:-1], axis=1)) + 1
    bounds = [0, *change.tolist(), len(reps)]
    return [slice(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _span(positions: np.ndarray) -> slice | np.ndarray:
    """A slice for consecutive positions (a view, no copy), else the positions themselves."""
    if positions.size and np.all(np.diff(positions) == 1):
        return slice(int(positions[0]), int(positions[-1]) + 1)
    return positions


def _product(x: np.ndarray | sparse.csr_array, w: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``x · (w_r ∘ m)`` for every replication ``r``: U × R × B, as one matrix product.

    ``x`` is units × children (dense or sparse), ``w`` replications × children, ``m`` the
    children × aggregates membership.
    """
    n_reps, n_children = w.shape
    n_cols = m.shape[1]
    if n_children == 0:
        return np.zeros((x.shape[0], n_reps, n_cols))
    stacked = (w.T[:, :, None] * m[:, None, :]).reshape(n_children, n_reps * n_cols)
    return np.asarray(x @ stacked).reshape(x.shape[0], n_reps, n_cols)


def _inner_product(y: np.ndarray, w: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``Σ_a y[u, r, a] w[r, a] m[a, b]``: aggregate children, whose values differ per
    replication (U × R × A_L in, U × R × B out)."""
    return np.einsum("ura,rab->urb", y, w[:, :, None] * m[None])


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

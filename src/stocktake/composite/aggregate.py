"""Aggregation: combine the children of each aggregate, level by level up the tree, for one build
or for many replications at once, by the same code.

A replication of the aggregation is fixed by three things: the normalised matrix it starts from
(one of a few *data variants*), each node's weight, and each aggregate's rule. The build is one
replication; the uncertainty analysis runs thousands, which differ in their weights at every run
and share a few data variants and rules. :class:`Aggregation` takes them all as arrays with a
replication axis, sorts them so that runs sharing a variant and rules are adjacent, and for each
such segment computes every aggregate of the segment at once. For the quasi-arithmetic means of
:mod:`stocktake.composite.means`, the numerator and denominator of an aggregate are

    num[r, u] = Σ_c w[r, c] g(x[u, c]),   den[r, u] = Σ_c w[r, c] present[u, c],

with missing children contributing 0 to both: for indicator children ``g(x)`` is shared by every
replication of the variant, so each sum is one matrix product (computed once per variant and mean,
then multiplied by the segment's weights); aggregate children differ per replication and are
added in turn. The score is ``g⁻¹(num / den)``; a unit without a present child (or whose present
children all weigh 0) gets 0/0, which is missing. Copeland scores, which compare units pairwise,
are computed per replication with :func:`stocktake.composite.means.copeland` over the units the
variant keeps. A data-availability threshold sets a unit's score to missing when its share of
present children is below it.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.6, Part 2
sections 6.10–6.13; COINr's ``Aggregate``, ``a_amean``, ``a_gmean``, ``a_hmean``, ``a_genmean``
and ``a_copeland``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.hierarchy import Hierarchy
from stocktake.composite.means import InvalidValue, Mean, copeland
from stocktake.composite.spec import AggregationRule


@dataclass(frozen=True)
class Replications:
    """What differs between ``R`` replications of the aggregation, as arrays.

    Attributes
    ----------
    variant
        ``R``: the data variant (normalised matrix) each replication starts from.
    weights
        ``R × nodes``: each node's weight within its parent, nodes in ``Hierarchy.codes`` order.
    rule
        ``R × aggregates``: each aggregate's rule, as its position in the rules the
        :class:`Aggregation` was given; aggregates in ``Hierarchy.aggregates`` order.
    """

    variant: np.ndarray
    weights: np.ndarray
    rule: np.ndarray

    def __len__(self) -> int:
        return int(self.variant.shape[0])

    def take(self, which: slice | np.ndarray) -> Replications:
        """The replications ``which`` selects, in that order."""
        return Replications(self.variant[which], self.weights[which], self.rule[which])

    def segment_order(self) -> np.ndarray:
        """An order that puts replications sharing a variant and rules next to each other."""
        return np.lexsort([*self.rule.T[::-1], self.variant])

    def segments(self) -> list[slice]:
        """Runs of consecutive replications with the same variant and rules."""
        key = np.column_stack([self.variant, self.rule])
        change = np.flatnonzero(np.any(key[1:] != key[:-1], axis=1)) + 1
        bounds = [0, *change.tolist(), len(self)]
        return [slice(a, b) for a, b in itertools.pairwise(bounds) if b > a]


@dataclass(frozen=True)
class _Node:
    """One aggregate to compute: where its children are and where it goes."""

    code: str
    position: int  # among the tree's aggregates (the column of Replications.rule)
    row: int  # among the computed aggregates (the first axis of a segment's block)
    indicators: np.ndarray  # positions of indicator children in the tree's indicators
    indicator_weights: np.ndarray  # their positions in Hierarchy.codes
    inner: np.ndarray  # rows of aggregate children
    inner_weights: np.ndarray  # their positions in Hierarchy.codes
    indicator_children: tuple[str, ...]
    inner_children: tuple[str, ...]
    children: tuple[str, ...]  # every child, as the tree lists them
    order: np.ndarray  # per child: its column in [indicator children, aggregate children]


@dataclass(frozen=True)
class _Terms:
    """One aggregate's indicator children in one data variant, under one mean."""

    g: np.ndarray  # units × children: g(x), 0 where x is missing
    present: np.ndarray | None  # units × children, 1.0 / 0.0; None when nothing is missing
    bad: tuple[int, int] | None  # the first (unit, child) the mean refuses


class Aggregation:
    """Every aggregate of an index, for any replications over fixed data variants.

    Parameters
    ----------
    tree
        The index hierarchy.
    variants
        Normalised units × indicators matrices (NaN for missing values), indicators in
        ``tree.indicators`` order, the same units in the same order in each.
    kept
        Per variant, which units its build keeps (a unit screened out has a row of NaN); only
        Copeland scores, which count the units compared, need it.
    rules
        The aggregation rules that :attr:`Replications.rule` refers to by position.
    codes
        The aggregates wanted; only they and the aggregates below them are computed.
    """

    def __init__(
        self,
        tree: Hierarchy,
        variants: Sequence[np.ndarray],
        kept: Sequence[np.ndarray],
        rules: Sequence[AggregationRule],
        codes: Sequence[str] | None = None,
    ) -> None:
        self.tree = tree
        self.variants = variants
        self.kept = kept
        self.rules = tuple(rules)
        self._means = tuple(Mean.of(rule) for rule in self.rules)
        self._nodes = _nodes(tree, tree.aggregates if codes is None else codes)
        self._row = {node.code: node.row for node in self._nodes}
        self._terms: dict[tuple[int, Mean, int], _Terms] = {}

    @property
    def units(self) -> int:
        return int(self.variants[0].shape[0])

    def bytes_per_replication(self) -> int:
        """Working memory of one replication in :meth:`scores` (for sizing chunks): the scores
        of every computed aggregate and about five units-long temporaries."""
        return 8 * self.units * (len(self._nodes) + 5)

    def scores(self, reps: Replications, codes: Sequence[str]) -> np.ndarray:
        """The scores of ``codes`` in every replication: ``codes × R × units``.

        Raises
        ------
        InvalidValue
            When a mean meets a value it cannot take; ``replication`` is its position in
            ``reps``.
        """
        out = np.empty((len(codes), len(reps), self.units))
        rows = [self._row[code] for code in codes]
        order = reps.segment_order()
        ordered = reps.take(order)
        for span in ordered.segments():
            segment = ordered.take(span)
            try:
                block = self._segment(segment)
            except InvalidValue as bad:
                bad.replication = int(order[span.start + bad.replication])
                raise
            out[:, order[span], :] = block[rows]
        return out

    def _segment(self, reps: Replications) -> np.ndarray:
        """Every computed aggregate (rows × R × units) for replications with one variant and one
        rule per aggregate. Replications come before units so that each product lands in place
        and the scores of a replication are one contiguous row, as ranking wants them."""
        v = int(reps.variant[0])
        block = np.empty((len(self._nodes), len(reps), self.units))
        for node in self._nodes:
            rule = self.rules[int(reps.rule[0, node.position])]
            mean = self._means[int(reps.rule[0, node.position])]
            if mean is None:
                self._copeland(node, v, reps.weights, block)
            else:
                self._mean(node, mean, v, reps.weights, block)
            if rule.min_availability is not None:
                self._threshold(node, v, rule.min_availability, block)
        return block

    def _mean(
        self, node: _Node, mean: Mean, v: int, weights: np.ndarray, block: np.ndarray
    ) -> None:
        """``g⁻¹(num / den)`` of one aggregate, written to its row of ``block``."""
        terms = self._indicator_terms(node, mean, v)
        if terms.bad is not None:
            unit, child = terms.bad
            value = float(self.variants[v][unit, node.indicators[child]])
            raise InvalidValue(mean, value, node.code, node.indicator_children[child], unit, 0)
        w = weights[:, node.indicator_weights]
        num = block[node.row]
        np.matmul(w, terms.g.T, out=num)
        den = w.sum(axis=1)[:, None] if terms.present is None else w @ terms.present.T
        for row, position, name in zip(
            node.inner, node.inner_weights, node.inner_children, strict=True
        ):
            x = block[row]
            w_child = weights[:, position, None]
            g = mean.transform(x)
            usable = np.isfinite(g)
            if not usable.all():
                missing = np.isnan(x)
                refused = ~usable & ~missing
                if refused.any():
                    r, unit = (int(i) for i in np.argwhere(refused)[0])
                    raise InvalidValue(mean, float(x[r, unit]), node.code, name, unit, r)
                g = np.where(missing, 0.0, g)
                den = den + np.where(missing, 0.0, w_child)
            else:
                den = den + w_child
            num += np.multiply(g, w_child, out=None if g is x else g)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(num, den, out=num)
        mean.inverse(num, out=num)

    def _indicator_terms(self, node: _Node, mean: Mean, v: int) -> _Terms:
        """``g`` of the node's indicator children in variant ``v``, computed once and shared by
        every replication of that variant."""
        key = (v, mean, node.row)
        if key not in self._terms:
            x = self.variants[v][:, node.indicators]
            missing = np.isnan(x)
            g = mean.transform(x)
            bad = np.argwhere(~missing & ~np.isfinite(g))
            first = (int(bad[0, 0]), int(bad[0, 1])) if bad.size else None
            present = (~missing).astype(float) if missing.any() else None
            self._terms[key] = _Terms(np.where(missing, 0.0, g), present, first)
        return self._terms[key]

    def _copeland(self, node: _Node, v: int, weights: np.ndarray, block: np.ndarray) -> None:
        """Copeland scores, one replication at a time, over the units the variant keeps."""
        kept = self.kept[v]
        x_indicators = self.variants[v][kept][:, node.indicators]
        nodes = np.concatenate([node.indicator_weights, node.inner_weights])[node.order]
        out = block[node.row]
        out[:, ~kept] = np.nan
        for r in range(out.shape[0]):
            x_inner = block[node.inner, r, :].T[kept]
            x = np.column_stack([x_indicators, x_inner])[:, node.order]
            out[r, kept] = copeland(x, weights[r, nodes])

    def _threshold(self, node: _Node, v: int, threshold: float, block: np.ndarray) -> None:
        """Missing where the share of present children is below ``threshold``."""
        count = np.sum(~np.isnan(self.variants[v][:, node.indicators]), axis=1)[None, :]
        for row in node.inner:
            count = count + ~np.isnan(block[row])
        out = block[node.row]
        out[np.broadcast_to(count / len(node.children) < threshold, out.shape)] = np.nan


def _nodes(tree: Hierarchy, codes: Sequence[str]) -> tuple[_Node, ...]:
    """The aggregates ``codes`` need, lowest level first, with their children located."""
    needed = {a for code in codes for a in (code, *_aggregates_below(tree, code))}
    wanted = [a for a in tree.aggregates if a in needed]
    row = {code: r for r, code in enumerate(wanted)}
    indicator = {code: i for i, code in enumerate(tree.indicators)}
    node_position = {code: i for i, code in enumerate(tree.codes)}
    out = []
    for code in wanted:
        children = tree.children(code)
        ind = [c for c in children if c in indicator]
        inner = [c for c in children if c not in indicator]
        stacked = [*ind, *inner]
        out.append(
            _Node(
                code=code,
                position=tree.aggregates.index(code),
                row=row[code],
                indicators=np.array([indicator[c] for c in ind], dtype=np.int64),
                indicator_weights=np.array([node_position[c] for c in ind], dtype=np.int64),
                inner=np.array([row[c] for c in inner], dtype=np.int64),
                inner_weights=np.array([node_position[c] for c in inner], dtype=np.int64),
                indicator_children=tuple(ind),
                inner_children=tuple(inner),
                children=children,
                order=np.array([stacked.index(c) for c in children], dtype=np.int64),
            )
        )
    return tuple(out)


def _aggregates_below(tree: Hierarchy, code: str) -> list[str]:
    below = [c for c in tree.children(code) if c in tree.aggregates]
    return below + [a for c in below for a in _aggregates_below(tree, c)]


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
    """Compute every aggregate of ``tree`` from the normalised indicators in ``values``: one
    replication of :class:`Aggregation`.

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

    Raises
    ------
    AggregationError
        A mean meets a value it cannot take (a geometric mean over a zero), named with the unit.
    """
    rules = [rule_for(code, tree.level[code]) for code in tree.aggregates]
    distinct = list(dict.fromkeys(rules))
    matrix = values.loc[:, list(tree.indicators)].to_numpy(dtype=float)
    engine = Aggregation(tree, [matrix], [np.ones(len(values), dtype=bool)], distinct)
    one = Replications(
        variant=np.zeros(1, dtype=np.int64),
        weights=np.array([[weights[c] for c in tree.codes]], dtype=float),
        rule=np.array([[distinct.index(rule) for rule in rules]], dtype=np.int64),
    )
    try:
        scores = engine.scores(one, tree.aggregates)[:, 0, :]
    except InvalidValue as bad:
        raise bad.error(list(values.index)) from None
    aggregates = pd.DataFrame(scores.T, index=values.index, columns=list(tree.aggregates))
    return AggregateResult(
        pd.concat([values.astype(float), aggregates], axis=1), _details(tree, rules)
    )


def _details(tree: Hierarchy, rules: Sequence[AggregationRule]) -> pd.DataFrame:
    rows = [
        {
            "iCode": code,
            "Level": tree.level[code],
            "method": rule.method,
            "p": rule.p,
            "min_availability": rule.min_availability,
            "children": " ".join(tree.children(code)),
        }
        for code, rule in zip(tree.aggregates, rules, strict=True)
    ]
    columns = ["iCode", "Level", "method", "p", "min_availability", "children"]
    return pd.DataFrame(rows, columns=columns).set_index("iCode")

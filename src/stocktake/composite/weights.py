"""Weights: where each node's weight comes from, and what it amounts to in the index.

A weight is relative to the node's siblings: aggregation rescales the weights of the children of
one aggregate to sum to one (over the children that are present). The effective weight of a node
in the index is the product of its within-parent shares up the tree (COINr's
``get_eff_weights``); effective weights of the nodes at one level sum to one for each top node.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.6 and
Part 2 Step 6 (weighting); Paruolo P., Saisana M., Saltelli A. (2013), Ratings and rankings: voodoo
or science?, *JRSS A* 176(3), 609–634, on nominal weights versus importance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from stocktake.composite.errors import SpecError
from stocktake.composite.hierarchy import Hierarchy
from stocktake.composite.spec import WeightsSpec


def resolve_weights(tree: Hierarchy, spec: WeightsSpec) -> dict[str, float]:
    """Each node's weight within its parent, from the source its level uses.

    ``meta`` takes the metadata's Weight, ``equal`` gives 1, a named set gives its value (or the
    metadata's when the set does not list the code); ``values`` are applied last.
    """
    _check(tree, spec)
    weights: dict[str, float] = {}
    for code in tree.codes:
        source = spec.levels.get(tree.level[code], spec.use)
        if source == "equal":
            weights[code] = 1.0
        elif source == "meta":
            weights[code] = tree.weight[code]
        else:
            weights[code] = float(spec.sets[source].get(code, tree.weight[code]))
    weights.update({code: float(w) for code, w in spec.values.items()})
    for parent in tree.aggregates:
        if sum(weights[c] for c in tree.children(parent)) <= 0:
            raise SpecError(
                f"the children of '{parent}' all have weight 0; give at least one a positive weight"
            )
    return weights


def _check(tree: Hierarchy, spec: WeightsSpec) -> None:
    for name, weights in [
        *(("sets." + k, v) for k, v in spec.sets.items()),
        ("values", spec.values),
    ]:
        for code in weights:
            if code not in tree.level:
                raise SpecError(f"weights.{name} names '{code}', which is not in the metadata")
    for level in spec.levels:
        if level not in set(tree.level.values()):
            raise SpecError(f"weights.levels names level {level}, which the index does not have")


def shares(tree: Hierarchy, weights: Mapping[str, float]) -> dict[str, float]:
    """Each node's weight over the sum of its siblings' (top nodes share among themselves)."""
    out: dict[str, float] = {}
    groups = [tree.children(a) for a in tree.aggregates] + [tree.top]
    for siblings in groups:
        total = sum(weights[c] for c in siblings)
        if total <= 0:  # only possible at the top, where a share has no effect on scores
            out.update({c: 1 / len(siblings) for c in siblings})
        else:
            out.update({c: weights[c] / total for c in siblings})
    return out


def effective_weights(tree: Hierarchy, weights: Mapping[str, float]) -> dict[str, float]:
    """Each node's share times its ancestors' shares: its nominal weight in the whole index."""
    share = shares(tree, weights)
    out = {}
    for code in tree.codes:
        value = share[code]
        for ancestor in tree.ancestors(code):
            value *= share[ancestor]
        out[code] = value
    return out


@dataclass(frozen=True)
class WeightsResult:
    """Per node: metadata weight, weight used, share within the parent, effective weight."""

    table: pd.DataFrame

    def used(self) -> dict[str, float]:
        return {str(k): float(v) for k, v in self.table["weight"].items()}

    def to_frame(self) -> pd.DataFrame:
        return self.table


def weigh(tree: Hierarchy, spec: WeightsSpec) -> WeightsResult:
    """Resolve the weights of ``spec`` and tabulate them for the build record."""
    used = resolve_weights(tree, spec)
    share = shares(tree, used)
    effective = effective_weights(tree, used)
    rows = [
        {
            "iCode": code,
            "Level": tree.level[code],
            "Parent": tree.parent[code],
            "nominal": tree.weight[code],
            "weight": used[code],
            "share": share[code],
            "effective": effective[code],
        }
        for code in tree.codes
    ]
    return WeightsResult(pd.DataFrame(rows).set_index("iCode"))

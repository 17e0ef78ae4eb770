"""The tree of an index: indicators at level 1, aggregates above, each node's parent and children.

Built once from the metadata and shared by weighting, aggregation and the analysis, so every stage
walks the tree the same way. Levels may be skipped (a level-2 group under a level-4 index), which a
framework with uneven depth needs; an aggregate is computed once all its children are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Hierarchy:
    """Indicators and aggregates with their levels and parents, in metadata order.

    Attributes
    ----------
    indicators
        Level-1 codes, in metadata order: the column order of every indicator-level table.
    aggregates
        Aggregate codes, lowest level first (metadata order within a level): a valid computation
        order.
    level, parent
        Each node's level, and its parent (``None`` at the top).
    weight, direction
        The metadata's nominal weight of each node within its parent, and each node's direction.
    """

    indicators: tuple[str, ...]
    aggregates: tuple[str, ...]
    level: Mapping[str, int]
    parent: Mapping[str, str | None]
    weight: Mapping[str, float]
    direction: Mapping[str, int]
    _children: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)

    @classmethod
    def from_meta(cls, meta: pd.DataFrame) -> Hierarchy:
        """From validated metadata (index ``iCode``; columns Type, Level, Parent, Weight,
        Direction)."""
        nodes = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
        level = {str(c): int(v) for c, v in nodes["Level"].items()}
        parent = {str(c): (None if pd.isna(p) else str(p)) for c, p in nodes["Parent"].items()}
        indicators = tuple(c for c in level if nodes.at[c, "Type"] == "Indicator")
        order = {c: i for i, c in enumerate(level)}
        aggregates = tuple(
            sorted(
                (c for c in level if nodes.at[c, "Type"] == "Aggregate"),
                key=lambda c: (level[c], order[c]),
            )
        )
        children: dict[str, list[str]] = {c: [] for c in aggregates}
        for code in level:
            if parent[code] is not None:
                children[str(parent[code])].append(code)
        return cls(
            indicators=indicators,
            aggregates=aggregates,
            level=level,
            parent=parent,
            weight={str(c): float(w) for c, w in nodes["Weight"].items()},
            direction={str(c): int(d) for c, d in nodes["Direction"].items()},
            _children={c: tuple(v) for c, v in children.items()},
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """Indicators then aggregates: the column order of the aggregated table."""
        return self.indicators + self.aggregates

    @property
    def max_level(self) -> int:
        return max(self.level.values())

    @property
    def top(self) -> tuple[str, ...]:
        """Nodes without a parent at the highest level: the index (usually one code)."""
        top_level = self.max_level
        return tuple(c for c in self.codes if self.level[c] == top_level)

    def children(self, code: str) -> tuple[str, ...]:
        """The direct children of aggregate ``code`` (empty for an indicator)."""
        return self._children.get(code, ())

    def indicators_under(self, code: str) -> tuple[str, ...]:
        """The indicators below ``code`` (``code`` itself when it is an indicator)."""
        if code not in self._children:
            return (code,)
        return tuple(i for child in self._children[code] for i in self.indicators_under(child))

    def ancestors(self, code: str) -> tuple[str, ...]:
        """``code``'s parent, grandparent … up to the top."""
        found: list[str] = []
        node = self.parent.get(code)
        while node is not None:
            found.append(node)
            node = self.parent.get(node)
        return tuple(found)

    def at_level(self, level: int) -> tuple[str, ...]:
        return tuple(c for c in self.codes if self.level[c] == level)

"""The tags a resource may carry, taken from the frameworks themselves.

A catalogue speaks the frameworks' language so that a resource meets a key area without anyone
matching words: indicator ids (``ENV-01``, ``CBI-04``, ``P1.1``), ICLEI's five development
pathways as the frameworks key them (``low_emission``, ``nature_based``, ``equitable``,
``resilient``, ``circular``), SDG targets written as the frameworks write them (``11.5``,
``13.b``) and the kinds of support the frameworks ask departments about (``training``,
``finance`` …). Indicator ids of the bundled frameworks are unique across them, so a bare id is
enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stocktake.frameworks.loader import bundled_frameworks
from stocktake.frameworks.schema import PATHWAYS, Framework

SDG_TARGET = re.compile(r"^([1-9]|1[0-7])\.([0-9]{1,2}|[a-z])$")
"""An SDG target as the framework files write it: goal 1–17, a dot, a number or a letter."""


@dataclass(frozen=True)
class Vocabulary:
    """The ids a catalogue's tags are checked against."""

    indicators: frozenset[str]
    pathways: frozenset[str]
    support: frozenset[str]
    indicator_pathways: dict[str, tuple[str, ...]]
    indicator_sdg_targets: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, frameworks: Iterable[Framework] | None = None) -> Vocabulary:
        """The vocabulary of ``frameworks``, by default every bundled one."""
        chosen = list(bundled_frameworks() if frameworks is None else frameworks)
        indicators = [ind for framework in chosen for ind in framework.indicators()]
        return cls(
            indicators=frozenset(ind.id for ind in indicators),
            pathways=frozenset(PATHWAYS),
            support=frozenset(kind.id for fw in chosen for kind in fw.support_kinds),
            indicator_pathways={ind.id: tuple(ind.pathways) for ind in indicators},
            indicator_sdg_targets={ind.id: tuple(ind.sdg_targets) for ind in indicators},
        )

    def is_sdg_target(self, value: str) -> bool:
        return SDG_TARGET.match(value) is not None

"""A grouping problem in indices, as both formulations of peer groups receive it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stocktake.network.solver import SolverReport


@dataclass(frozen=True)
class GroupingProblem:
    """A grouping problem in indices: what both formulations solve.

    ``values`` is the symmetric matrix of pair values (zero diagonal); ``allowed[a, b]`` says
    whether *a* and *b* may share a group (no must-not-meet, a language in common); ``languages``
    holds each city's working languages as bits (every bit set when unknown), so a group's
    common languages are the bitwise and of its members'.
    """

    cities: tuple[str, ...]
    values: np.ndarray
    count: int
    sizes: tuple[int, ...]
    allowed: np.ndarray
    languages: np.ndarray
    must: tuple[tuple[int, int], ...]

    @property
    def n(self) -> int:
        return len(self.cities)

    def admissible(self, members: Sequence[int]) -> bool:
        """Whether these cities may form one group (size aside)."""
        pairs_ok = all(self.allowed[a, b] for k, a in enumerate(members) for b in members[k + 1 :])
        common = np.bitwise_and.reduce(self.languages[list(members)], axis=0)
        inside = set(members)
        together = all((a in inside) == (b in inside) for a, b in self.must)
        return pairs_ok and bool(common.any()) and together

    def value(self, members: Sequence[int]) -> float:
        return float(
            sum(self.values[a, b] for k, a in enumerate(members) for b in members[k + 1 :])
        )


@dataclass(frozen=True)
class Solved:
    """A formulation's answer: groups as index lists, and how the solve ended."""

    groups: list[list[int]]
    report: SolverReport

"""Peer groups as a clique-partitioning programme over pairs (``methods.md``, section 8).

For cohorts with too many possible groups to list, a binary ``y_ab`` says that cities *a* and *b*
share a group (Grötschel and Wakabayashi's model). Groups are the cliques of the chosen pairs:

    maximise Σ_{a<b} v_ab y_ab
    y_ab + y_ac − y_bc ≤ 1   for every triple (each of its three orientations): transitivity;
    Σ_b y_ab = Σ_s (s − 1) z_as,   Σ_s z_as = 1   for every city a (z_as: a's group has size s);
    Σ_a Σ_s z_as / s = G   (each group of size s counts 1/s per member: G groups);
    y_ab = 0 for pairs that may not meet or share no language, y_ab = 1 for pairs that must meet.

The model has no group labels, hence no symmetry between groups to break. A group of three or more
whose languages have nothing in common although every pair shares one is excluded when it occurs,
by the cut ``Σ_{pairs in K} y ≤ |K|(|K| − 1)/2 − 1`` on its smallest such subset *K*, and the
programme is solved again: every cut is valid, so the final solution is optimal for the full model.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from scipy.sparse import coo_array

from stocktake.network.errors import NetworkError
from stocktake.network.groups_problem import GroupingProblem, Solved
from stocktake.network.solver import SolverReport, maximise


class _Model:
    """Variable indices and the constant rows of the pairs model of one problem."""

    def __init__(self, problem: GroupingProblem) -> None:
        self.problem = problem
        n = problem.n
        self.pairs = list(itertools.combinations(range(n), 2))
        self.index = {pair: k for k, pair in enumerate(self.pairs)}
        self.sizes = problem.sizes
        self.n_pairs = len(self.pairs)
        self.n_vars = self.n_pairs + n * len(self.sizes)
        self.rows: list[tuple[list[int], list[float], float, float]] = []
        self._triangles()
        self._degrees()

    def pair(self, a: int, b: int) -> int:
        return self.index[(min(a, b), max(a, b))]

    def size_var(self, city: int, k: int) -> int:
        return self.n_pairs + city * len(self.sizes) + k

    def _triangles(self) -> None:
        allowed = self.problem.allowed
        for a, b, c in itertools.combinations(range(self.problem.n), 3):
            for apex, left, right in ((a, b, c), (b, a, c), (c, a, b)):
                if allowed[apex, left] and allowed[apex, right]:
                    columns = [
                        self.pair(apex, left),
                        self.pair(apex, right),
                        self.pair(left, right),
                    ]
                    self.rows.append((columns, [1.0, 1.0, -1.0], -np.inf, 1.0))

    def _degrees(self) -> None:
        n = self.problem.n
        for a in range(n):
            columns = [self.pair(a, b) for b in range(n) if b != a]
            sizes = [self.size_var(a, k) for k in range(len(self.sizes))]
            weights = [1.0] * len(columns) + [-(s - 1.0) for s in self.sizes]
            self.rows.append((columns + sizes, weights, 0.0, 0.0))
            self.rows.append((sizes, [1.0] * len(sizes), 1.0, 1.0))
        every = [self.size_var(a, k) for a in range(n) for k in range(len(self.sizes))]
        shares = [1.0 / self.sizes[k] for _ in range(n) for k in range(len(self.sizes))]
        count = float(self.problem.count)
        self.rows.append((every, shares, count - 1e-9, count + 1e-9))

    def cut(self, members: list[int]) -> None:
        """Forbid these cities from being together: not all of their pairs may be chosen."""
        columns = [self.pair(a, b) for a, b in itertools.combinations(members, 2)]
        self.rows.append((columns, [1.0] * len(columns), -np.inf, len(columns) - 1.0))

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lower = np.zeros(self.n_vars)
        upper = np.ones(self.n_vars)
        for k, (a, b) in enumerate(self.pairs):
            if not self.problem.allowed[a, b]:
                upper[k] = 0.0
        for a, b in self.problem.must:
            lower[self.pair(a, b)] = 1.0
        return lower, upper

    def objective(self) -> np.ndarray:
        values = np.zeros(self.n_vars)
        for k, (a, b) in enumerate(self.pairs):
            values[k] = self.problem.values[a, b]
        return values

    def matrix(self) -> tuple[coo_array, np.ndarray, np.ndarray]:
        rows, cols, data = [], [], []
        for r, (columns, weights, _, _) in enumerate(self.rows):
            rows.extend([r] * len(columns))
            cols.extend(columns)
            data.extend(weights)
        shape = (len(self.rows), self.n_vars)
        lower = np.array([row[2] for row in self.rows])
        upper = np.array([row[3] for row in self.rows])
        return coo_array((data, (rows, cols)), shape=shape), lower, upper

    def groups(self, x: np.ndarray) -> list[list[int]]:
        """The groups of a solution: each city with the cities it is paired with."""
        together: dict[int, set[int]] = {a: {a} for a in range(self.problem.n)}
        for k, (a, b) in enumerate(self.pairs):
            if x[k] > 0.5:
                together[a].add(b)
                together[b].add(a)
        found = {tuple(sorted(members)) for members in together.values()}
        return [list(group) for group in sorted(found)]


def solve(problem: GroupingProblem, deadline: float) -> Solved | None:
    """The optimal grouping, or the best within the deadline with its gap; ``None`` if none."""
    started = time.perf_counter()
    model = _Model(problem)
    lower, upper = model.bounds()
    integrality = np.ones(model.n_vars)
    while True:
        matrix, row_lower, row_upper = model.matrix()
        outcome = maximise(
            model.objective(),
            matrix.tocsr(),
            row_lower,
            row_upper,
            integrality=integrality,
            bounds=(lower, upper),
            deadline=deadline,
        )
        if outcome.status == "infeasible":
            return None
        if outcome.x is None:
            raise NetworkError(
                "no grouping was found within the time limit; allow the solver more time"
            )
        groups = model.groups(outcome.x)
        lacking = [g for g in groups if not _share_language(problem, g)]
        if not lacking:
            return _solved(groups, outcome.objective, outcome.bound, outcome.status, started)
        if time.perf_counter() >= deadline:
            raise NetworkError(
                "no grouping with a shared language in every group was found within the time "
                "limit; allow the solver more time"
            )
        for group in lacking:
            model.cut(_smallest_without_language(problem, group))


def _share_language(problem: GroupingProblem, members: list[int]) -> bool:
    return bool(np.bitwise_and.reduce(problem.languages[members], axis=0).any())


def _smallest_without_language(problem: GroupingProblem, members: list[int]) -> list[int]:
    """A subset of the group with no common language, from which no city can be left out."""
    kept = list(members)
    for city in list(members):
        rest = [k for k in kept if k != city]
        if len(rest) >= 2 and not _share_language(problem, rest):
            kept = rest
    return kept


def _solved(
    groups: list[list[int]], objective: float, bound: float, status: str, started: float
) -> Solved:
    report = SolverReport.ended(
        objective,
        bound,
        proven=status == "optimal",
        started=started,
        formulation="clique-partitioning",
    )
    return Solved(groups, report)

"""Peer groups as a set-partitioning programme over every admissible group (``methods.md``, 8).

Each admissible group *j* (a size allowed, no pair that may not meet, a language in common, every
must-meet pair inside or outside together) is a column with value ``c_j``, the sum of its pair
values. The programme chooses columns so that every city is in exactly one and there are *G*:

    maximise Σ_j c_j x_j   subject to   Σ_{j ∋ a} x_j = 1 for every city a,   Σ_j x_j = G,
    x_j ∈ {0, 1}.

Its linear relaxation is far tighter than that of pair-based models, but there are many columns
(91,390 groups of 4 among 40 cities). So the relaxation is solved by column generation (HiGHS on
the columns that price out, with every column priced at each round), and the integer programme
is solved by HiGHS on the columns whose reduced cost ``d_j ≤ 0`` is within ``Δ`` of zero. For any
partition *x*, ``c·x = z_LP + Σ_j d_j x_j``, so a partition that uses a column with ``d_j < −Δ``
scores below ``z_LP − Δ``: when the restricted optimum reaches ``z_LP − Δ`` it is optimal over all
columns; otherwise ``Δ`` doubles, up to ``z_LP`` minus the best partition found, where the
restricted programme holds every column an improvement could use and its optimum is exact.
"""

from __future__ import annotations

import math
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_array, hstack

from stocktake.network.errors import NetworkError
from stocktake.network.groups_problem import GroupingProblem, Solved
from stocktake.network.solver import SolverReport, maximise

CHUNK = 100_000
"""Partial groups extended at a time while enumerating, to bound memory."""
PRICED_PER_ROUND = 200
"""Columns added to the relaxation per round of column generation, at most."""
MAX_ROUNDS = 5_000
"""Rounds of column generation before giving up (it converges in tens on real cohorts)."""
FIRST_DELTA_SHARE = 0.0005
"""The first restricted programme keeps columns within this share of ``z_LP`` of zero cost."""


def column_count(problem: GroupingProblem) -> int:
    """How many groups of the allowed sizes exist before constraints prune them."""
    return sum(math.comb(problem.n, size) for size in problem.sizes)


def solve(problem: GroupingProblem, deadline: float) -> Solved | None:
    """The optimal grouping, or the best within the deadline with its gap; ``None`` if none."""
    started = time.perf_counter()
    members, values = admissible_groups(problem)
    if len(values) == 0:
        return None
    relaxation = _relaxation(problem, members, values)
    if relaxation is None:
        return None
    z_lp, reduced = relaxation
    return _restricted_solves(problem, members, values, z_lp, reduced, started, deadline)


def admissible_groups(problem: GroupingProblem) -> tuple[np.ndarray, np.ndarray]:
    """Every admissible group as a row of member indices (padded with ``n + 1``) and its value."""
    n = problem.n
    pad = n + 1
    width = max(problem.sizes)
    rows: list[np.ndarray] = []
    values: list[np.ndarray] = []
    current = np.arange(n, dtype=np.int32)[:, None]
    worth = np.zeros(n)
    masks = problem.languages.copy()
    for size in range(2, width + 1):
        current, worth, masks = _extend(problem, current, worth, masks)
        if size in problem.sizes:
            keep = _keeps_must_meet(problem, current)
            block = np.full((int(keep.sum()), width), pad, dtype=np.int32)
            block[:, :size] = current[keep]
            rows.append(block)
            values.append(worth[keep])
    return np.concatenate(rows), np.concatenate(values)


def _extend(
    problem: GroupingProblem, current: np.ndarray, worth: np.ndarray, masks: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every admissible way to add one city, larger than the last, to each partial group."""
    parts = [
        _extend_chunk(problem, current[k : k + CHUNK], worth[k : k + CHUNK], masks[k : k + CHUNK])
        for k in range(0, len(current), CHUNK)
    ]
    if not parts:
        return np.zeros((0, current.shape[1] + 1), dtype=np.int32), worth[:0], masks[:0]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def _extend_chunk(
    problem: GroupingProblem, current: np.ndarray, worth: np.ndarray, masks: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    last = current[:, -1].astype(np.int64)
    counts = problem.n - 1 - last
    total = int(counts.sum())
    source = np.repeat(np.arange(len(current)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    added = (np.repeat(last + 1, counts) + offsets).astype(np.int32)
    base = current[source]
    joined = masks[source] & problem.languages[added]
    fits = problem.allowed[base, added[:, None]].all(axis=1) & joined.any(axis=1)
    base, added, source, joined = base[fits], added[fits], source[fits], joined[fits]
    gained = problem.values[base, added[:, None]].sum(axis=1)
    return np.hstack([base, added[:, None]]), worth[source] + gained, joined


def _keeps_must_meet(problem: GroupingProblem, groups: np.ndarray) -> np.ndarray:
    keep = np.ones(len(groups), dtype=bool)
    for a, b in problem.must:
        keep &= (groups == a).any(axis=1) == (groups == b).any(axis=1)
    return keep


def _matrix(problem: GroupingProblem, members: np.ndarray) -> csc_array:
    """City rows (one per city) and the count row, for the given columns.

    Members are sorted and padded with ``n + 1`` at the end of each row, so dropping the padding
    of ``[members…, n]`` leaves each column's row indices in order.
    """
    n = problem.n
    full = np.hstack([members, np.full((len(members), 1), n, dtype=members.dtype)])
    present = full != n + 1
    indices = full[present]
    indptr = np.concatenate([[0], np.cumsum(present.sum(axis=1))])
    return csc_array((np.ones(len(indices)), indices, indptr), shape=(n + 1, len(members)))


def _rhs(problem: GroupingProblem) -> np.ndarray:
    return np.append(np.ones(problem.n), problem.count)


def _relaxation(
    problem: GroupingProblem, members: np.ndarray, values: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """``z_LP`` and every column's reduced cost, by column generation; ``None`` if infeasible.

    Artificial columns (one per city row, two for the count row) with a cost no real column can
    repay start the relaxation feasible; if any is still used at the end, no partition exists.
    """
    n = problem.n
    penalty = 1000.0 * (1.0 + float(values.max(initial=0.0)) * n)
    artificial = csc_array(np.hstack([np.eye(n + 1), -np.eye(n + 1)[:, n:]]))
    chosen = _most_positive(values, 2 * n)
    tolerance = 1e-9 * (1.0 + float(np.abs(values).max(initial=0.0)))
    for _ in range(MAX_ROUNDS):
        matrix = hstack([_matrix(problem, members[chosen]), artificial], format="csc")
        costs = np.concatenate([-values[chosen], np.full(artificial.shape[1], penalty)])
        result = linprog(costs, A_eq=matrix, b_eq=_rhs(problem), bounds=(0, None), method="highs")
        if result.status != 0:
            raise RuntimeError(f"HiGHS did not solve the relaxation: {result.message}")
        duals = -np.asarray(result.eqlin.marginals)
        reduced = _reduced_costs(problem, members, values, duals)
        candidates = reduced.copy()
        candidates[chosen] = -np.inf
        best = _most_positive(candidates, PRICED_PER_ROUND)
        best = best[candidates[best] > tolerance]
        if best.size == 0:
            break
        chosen = np.concatenate([chosen, best])
    else:
        raise RuntimeError("column generation did not converge; please report this cohort")
    if result.x[len(chosen) :].sum() > 1e-7:
        return None
    return float(values[chosen] @ result.x[: len(chosen)]), np.minimum(reduced, 0.0)


def _most_positive(values: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest values (all of them when there are fewer)."""
    if len(values) <= count:
        return np.arange(len(values))
    return np.argpartition(-values, count)[:count]


def _reduced_costs(
    problem: GroupingProblem, members: np.ndarray, values: np.ndarray, duals: np.ndarray
) -> np.ndarray:
    """``c_j − Σ_{a ∈ j} π_a − π_count`` for every column (padding reads a zero dual)."""
    extended = np.concatenate([duals[: problem.n], [0.0, 0.0]])
    reduced = values - duals[problem.n]
    for position in range(members.shape[1]):  # one member position at a time: no n × k array
        reduced -= extended[members[:, position]]
    return reduced


def _restricted_solves(
    problem: GroupingProblem,
    members: np.ndarray,
    values: np.ndarray,
    z_lp: float,
    reduced: np.ndarray,
    started: float,
    deadline: float,
) -> Solved | None:
    """Integer solves on the columns within ``Δ`` of zero reduced cost, until one is proven."""
    tolerance = 1e-7 * (1.0 + abs(z_lp))
    delta = max(tolerance, FIRST_DELTA_SHARE * abs(z_lp))
    best: tuple[float, np.ndarray] | None = None
    rhs = _rhs(problem)
    while True:
        keep = np.flatnonzero(reduced >= -delta - tolerance)
        outcome = maximise(
            values[keep],
            _matrix(problem, members[keep]).tocsr(),
            rhs,
            rhs,
            integrality=np.ones(len(keep)),
            bounds=(np.zeros(len(keep)), np.ones(len(keep))),
            deadline=deadline,
        )
        if outcome.x is not None and (best is None or outcome.objective > best[0]):
            best = (outcome.objective, keep[outcome.x > 0.5])
        if outcome.status == "infeasible":
            if len(keep) == len(values):
                return None
            delta *= 4
            continue
        if outcome.status == "optimal" and outcome.objective >= z_lp - delta - tolerance:
            return _solved(problem, members, best, z_lp, started, proven=True)
        if outcome.status == "optimal":
            # Exact once Δ reaches z_LP − best; growing by doubling keeps each programme small.
            assert best is not None
            delta = min(z_lp - best[0] + tolerance, 2 * delta)
            continue
        if best is None:
            raise NetworkError(
                "no grouping was found within the time limit; allow the solver more time"
            )
        bound = min(z_lp, max(outcome.bound, z_lp - delta))
        return _solved(problem, members, best, bound, started, proven=False)


def _solved(
    problem: GroupingProblem,
    members: np.ndarray,
    best: tuple[float, np.ndarray] | None,
    bound: float,
    started: float,
    *,
    proven: bool,
) -> Solved | None:
    if best is None:
        return None
    objective, columns = best
    groups = [[int(k) for k in members[j] if k < problem.n] for j in columns]
    report = SolverReport.ended(
        objective, bound, proven=proven, started=started, formulation="set-partitioning"
    )
    return Solved(groups, report)

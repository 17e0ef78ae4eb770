"""Peer-learning groups: a cohort split into groups of about equal size, maximising what they share.

The objective is the sum, over every pair of cities placed in the same group, of the pair's value
(:mod:`stocktake.network.pairs`: how much each can teach the other). The constraints:

* **sizes** — the cohort of *n* cities is split into *G* groups, *G* the count that brings *n / G*
  closest to the requested size *S* while every group keeps between *S − 1* (at least 2) and
  *S + 1* members; the groups are as equal as possible (sizes ⌊n/G⌋ and ⌈n/G⌉). Only when the
  other constraints rule that out may sizes range over *S − 1* … *S + 1*, and the result says so;
* **a shared working language** — the cities of a group have a language in common (a city whose
  languages are not recorded does not restrict its group);
* **must meet** and **must not meet** — pairs that the secretariat wants together or apart.

The model is solved exactly by HiGHS (:mod:`stocktake.network.solver`), as a set-partitioning
programme over every admissible group when there are few enough of them
(:mod:`~stocktake.network.groups_columns`), otherwise as a clique-partitioning programme over pairs
(:mod:`~stocktake.network.groups_edges`); ``docs/methods.md``, section 8, states both.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from stocktake.network import groups_columns, groups_edges
from stocktake.network.cohort import Cohort
from stocktake.network.errors import InfeasibleError, NetworkError
from stocktake.network.groups_problem import GroupingProblem, Solved
from stocktake.network.pairs import VALUE_DIGITS, PairValue, pair_values
from stocktake.network.solver import SolverReport
from stocktake.network.strengths import STRONG_SHARE

Formulation = Literal["auto", "columns", "pairs"]

DEFAULT_TIME_LIMIT = 10.0
"""Seconds the solver may take before it reports its best solution and the gap."""
MAX_COLUMNS = 6_000_000
"""Beyond this many possible groups (5.5 million groups of 5 among 60 cities take about 650 MB),
the pairs formulation is used instead of the columns one."""


@dataclass(frozen=True)
class Grouping:
    """Peer-learning groups, their objective and how the solver reached them."""

    groups: tuple[tuple[str, ...], ...]
    objective: float
    """Sum of the pair values inside the groups, recomputed from the groups."""
    group_values: tuple[float, ...]
    pairs: tuple[PairValue, ...]
    requested_size: int
    sizes_relaxed: bool
    """True when equal sizes were impossible and sizes range over size ± 1."""
    report: SolverReport
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """One row per city: its group (from 1) and the group's value."""
        rows = [
            {"group": k, "city": city, "group_value": self.group_values[k - 1]}
            for k, members in enumerate(self.groups, start=1)
            for city in members
        ]
        return pd.DataFrame(rows, columns=["group", "city", "group_value"])


def group_count(n: int, size: int) -> int:
    """How many groups *n* cities form for groups of about ``size`` (see the module's rule)."""
    if size < 2:
        raise NetworkError(f"a peer-learning group needs at least 2 cities, not {size}")
    low, high = max(2, size - 1), size + 1
    if n < low:
        raise InfeasibleError(
            f"groups of {size} (± 1) need at least {low} cities, and the cohort has {n}"
        )
    counts = range(math.ceil(n / high), n // low + 1)
    if not counts:
        raise InfeasibleError(f"{n} cities cannot be split into groups of {low} to {high} cities")
    return min(counts, key=lambda g: (abs(n / g - size), -g))


def peer_groups(
    cohort: Cohort,
    size: int,
    *,
    must_meet: Iterable[tuple[str, str]] = (),
    must_not_meet: Iterable[tuple[str, str]] = (),
    share: float = STRONG_SHARE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    formulation: Formulation = "auto",
) -> Grouping:
    """Peer-learning groups for a cohort: pair values from its answers, languages from contexts."""
    languages = {city: cohort.context(city).languages for city in cohort.cities}
    return form_groups(
        pair_values(cohort, share=share),
        size,
        cities=cohort.cities,
        languages=languages,
        must_meet=must_meet,
        must_not_meet=must_not_meet,
        time_limit=time_limit,
        formulation=formulation,
    )


def form_groups(
    pairs: Sequence[PairValue],
    size: int,
    *,
    cities: Sequence[str] | None = None,
    languages: Mapping[str, Collection[str]] | None = None,
    must_meet: Iterable[tuple[str, str]] = (),
    must_not_meet: Iterable[tuple[str, str]] = (),
    time_limit: float = DEFAULT_TIME_LIMIT,
    formulation: Formulation = "auto",
) -> Grouping:
    """Split cities into groups of about ``size``, maximising the pair values inside groups.

    Parameters
    ----------
    pairs
        The value of each pair of cities; a pair not listed is worth 0.
    size
        The wanted group size *S*; groups keep *S − 1* (at least 2) to *S + 1* cities.
    cities
        Every city to place (default: the cities named in ``pairs``).
    languages
        Each city's working languages; the cities of a group must share one.
    must_meet, must_not_meet
        Pairs of cities to put in the same group, or in different groups.
    time_limit
        Seconds for the whole solve; at the limit the best grouping found is returned with the
        gap to the bound (``report``). Listing the admissible groups and solving the relaxation
        are not cut short (about 7 s for the largest cohorts the columns formulation takes).
    formulation
        ``columns`` (set partitioning), ``pairs`` (clique partitioning) or ``auto``: columns
        unless there are more than :data:`MAX_COLUMNS` possible groups.

    Raises
    ------
    InfeasibleError
        With a sentence naming the constraint that cannot be met.
    NetworkError
        On an unknown city, a size below 2 or a time limit that is not positive.
    """
    if not time_limit > 0:
        raise NetworkError(f"the time limit must be a positive number of seconds, not {time_limit}")
    deadline = time.perf_counter() + time_limit
    names = _cities(pairs, cities)
    count = group_count(len(names), size)
    balanced = _balanced_sizes(len(names), count)
    problem = _problem(names, pairs, count, balanced, languages or {}, must_meet, must_not_meet)
    _explain_infeasible(problem, size)
    solved = _solve(problem, formulation, deadline)
    relaxed = False
    wider = tuple(range(max(2, size - 1), size + 2))
    if solved is None and wider != balanced:
        problem = replace(problem, sizes=wider)
        solved = _solve(problem, formulation, deadline)
        relaxed = solved is not None
    if solved is None:
        raise InfeasibleError(_no_grouping(problem, size))
    return _grouping(problem, pairs, solved, size, relaxed)


def _solve(problem: GroupingProblem, formulation: Formulation, deadline: float) -> Solved | None:
    chosen = formulation
    if chosen == "auto":
        fits = groups_columns.column_count(problem) <= MAX_COLUMNS
        chosen = "columns" if fits else "pairs"
    if chosen == "columns":
        return groups_columns.solve(problem, deadline)
    if chosen == "pairs":
        return groups_edges.solve(problem, deadline)
    raise NetworkError(f"the formulation must be auto, columns or pairs, not '{formulation}'")


# -- building the problem ------------------------------------------------------------------


def _cities(pairs: Sequence[PairValue], cities: Sequence[str] | None) -> tuple[str, ...]:
    named = {name for pair in pairs for name in (pair.a, pair.b)}
    if cities is None:
        return tuple(sorted(named))
    if len(set(cities)) != len(cities):
        repeated = sorted({c for c in cities if list(cities).count(c) > 1})
        raise NetworkError(f"city {', '.join(repeated)} is listed twice; list each city once")
    unknown = sorted(named - set(cities))
    if unknown:
        raise NetworkError(f"pair values name cities outside the cohort: {', '.join(unknown)}")
    return tuple(cities)


def _balanced_sizes(n: int, count: int) -> tuple[int, ...]:
    low = n // count
    return (low,) if n % count == 0 else (low, low + 1)


def _problem(
    cities: tuple[str, ...],
    pairs: Sequence[PairValue],
    count: int,
    sizes: tuple[int, ...],
    languages: Mapping[str, Collection[str]],
    must_meet: Iterable[tuple[str, str]],
    must_not_meet: Iterable[tuple[str, str]],
) -> GroupingProblem:
    index = {city: k for k, city in enumerate(cities)}
    n = len(cities)
    values = np.zeros((n, n))
    for pair in pairs:
        a, b = index[pair.a], index[pair.b]
        if not (math.isfinite(pair.value) and pair.value >= 0):
            raise NetworkError(
                f"the value of the pair {pair.a}, {pair.b} must be zero or a positive number, "
                f"not {pair.value}"
            )
        values[a, b] = values[b, a] = pair.value
    masks = _language_masks(cities, languages)
    common = (masks[:, None, :] & masks[None, :, :]).any(axis=2)
    allowed = common & ~np.eye(n, dtype=bool)
    must = _pair_indices(must_meet, index, "must meet")
    for a, b in _pair_indices(must_not_meet, index, "must not meet"):
        if (min(a, b), max(a, b)) in must:
            raise InfeasibleError(
                f"{cities[a]} and {cities[b]} are asked both to meet and not to meet; "
                "keep one of the two"
            )
        allowed[a, b] = allowed[b, a] = False
    return GroupingProblem(cities, values, count, sizes, allowed, masks, tuple(sorted(must)))


def _language_masks(
    cities: tuple[str, ...], languages: Mapping[str, Collection[str]]
) -> np.ndarray:
    unknown = sorted(set(languages) - set(cities))
    if unknown:
        raise NetworkError(
            f"languages are given for cities outside the cohort: {', '.join(unknown)}"
        )
    spoken = sorted(
        {lang.strip().casefold() for langs in languages.values() for lang in langs if lang.strip()}
    )
    bit = {lang: k for k, lang in enumerate(spoken)}
    words = max(1, math.ceil(len(spoken) / 64))
    masks = np.full((len(cities), words), np.iinfo(np.uint64).max, dtype=np.uint64)
    for row, city in enumerate(cities):
        own = {lang.strip().casefold() for lang in languages.get(city, ()) if lang.strip()}
        if not own:
            continue
        masks[row] = 0
        for lang in own:
            masks[row, bit[lang] // 64] |= np.uint64(1) << np.uint64(bit[lang] % 64)
    return masks


def _pair_indices(
    pairs: Iterable[tuple[str, str]], index: Mapping[str, int], what: str
) -> set[tuple[int, int]]:
    found = set()
    for a, b in pairs:
        for city in (a, b):
            if city not in index:
                raise NetworkError(f"'{city}' (asked to {what}) is not a city of the cohort")
        if a == b:
            raise NetworkError(f"a city cannot be asked to {what} itself ('{a}')")
        found.add((min(index[a], index[b]), max(index[a], index[b])))
    return found


# -- saying why there is no grouping --------------------------------------------------------


def _explain_infeasible(problem: GroupingProblem, size: int) -> None:
    """Raise :class:`InfeasibleError` for the causes that can be named before solving."""
    high = size + 1
    low = max(2, size - 1)
    for component in _must_meet_components(problem):
        names = ", ".join(problem.cities[k] for k in component)
        if len(component) > high:
            raise InfeasibleError(
                f"{names} must all meet, {len(component)} cities, more than a group of "
                f"{size} (± 1) holds"
            )
        if not problem.admissible(component):
            raise InfeasibleError(
                f"{names} must meet, but they share no working language or two of them must "
                "not meet"
            )
    for k, city in enumerate(problem.cities):
        partners = int(problem.allowed[k].sum())
        if partners < low - 1:
            raise InfeasibleError(
                f"{city} can share a group with only {partners} other "
                f"{'city' if partners == 1 else 'cities'} (a working language in common and "
                f"no must-not-meet), and a group needs at least {low}"
            )


def _must_meet_components(problem: GroupingProblem) -> list[list[int]]:
    parent = list(range(problem.n))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in problem.must:
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for k in range(problem.n):
        members.setdefault(root(k), []).append(k)
    return [group for group in members.values() if len(group) > 1]


def _no_grouping(problem: GroupingProblem, size: int) -> str:
    return (
        f"no split of the {problem.n} cities into {problem.count} groups of {size} (± 1) "
        "gives every group a shared working language while keeping the must-meet pairs together "
        "and the must-not-meet pairs apart; relax one of these constraints"
    )


# -- the result ----------------------------------------------------------------------------


def _grouping(
    problem: GroupingProblem,
    pairs: Sequence[PairValue],
    solved: Solved,
    size: int,
    relaxed: bool,
) -> Grouping:
    ordered = sorted((sorted(group) for group in solved.groups), key=lambda g: g[0])
    values = tuple(round(problem.value(group), VALUE_DIGITS) for group in ordered)
    notes = []
    if relaxed:
        notes.append(
            f"Groups of equal size were impossible under the constraints, so sizes range from "
            f"{min(problem.sizes)} to {max(problem.sizes)}."
        )
    notes.append(solved.report.sentence())
    return Grouping(
        groups=tuple(tuple(problem.cities[k] for k in group) for group in ordered),
        objective=round(sum(values), VALUE_DIGITS),
        group_values=values,
        pairs=tuple(pairs),
        requested_size=size,
        sizes_relaxed=relaxed,
        report=solved.report,
        notes=tuple(notes),
    )

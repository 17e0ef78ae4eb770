"""Peer groups: the exact optimum, checked against every partition of small cohorts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from networkbuilders import cohort_of, four_indicators, levels
from stocktake.network import (
    CityContext,
    InfeasibleError,
    NetworkError,
    PairValue,
    form_groups,
    group_count,
    pair_values,
    peer_groups,
)

FORMULATIONS = ["columns", "pairs"]


def pairs_from(values: dict[tuple[str, str], float]) -> list[PairValue]:
    return [PairValue(a, b, v, v, 0.0, (), ()) for (a, b), v in values.items()]


def partitions(items: Sequence[str]) -> Iterator[list[list[str]]]:
    """Every way to split ``items`` into non-empty groups."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for split in partitions(rest):
        for k in range(len(split)):
            yield [*split[:k], [first, *split[k]], *split[k + 1 :]]
        yield [[first], *split]


def brute_force(
    cities: Sequence[str],
    values: dict[tuple[str, str], float],
    size: int,
    languages: dict[str, set[str]],
    must: set[frozenset[str]],
    must_not: set[frozenset[str]],
) -> float | None:
    """The best objective over every admissible partition; ``None`` when there is none."""
    try:
        count = group_count(len(cities), size)
    except InfeasibleError:
        return None
    low, high = len(cities) // count, -(-len(cities) // count)

    def admissible(split: list[list[str]], sizes: range) -> bool:
        if len(split) != count or any(len(g) not in sizes for g in split):
            return False
        where = {city: k for k, group in enumerate(split) for city in group}
        if any(where[a] != where[b] for a, b in map(tuple, must)):
            return False
        if any(where[a] == where[b] for a, b in map(tuple, must_not)):
            return False
        for group in split:
            known = [languages[c] for c in group if languages.get(c)]
            if known and not set.intersection(*known):
                return False
        return True

    def value(split: list[list[str]]) -> float:
        return sum(
            values.get((a, b), values.get((b, a), 0.0))
            for group in split
            for a, b in itertools.combinations(group, 2)
        )

    every = list(partitions(list(cities)))
    for sizes in (range(low, high + 1), range(max(2, size - 1), size + 2)):
        found = [value(split) for split in every if admissible(split, sizes)]
        if found:
            return max(found)
    return None


@st.composite
def grouping_cases(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(2, 8))
    cities = [f"c{k}" for k in range(n)]
    size = draw(st.integers(2, 4))
    values = {
        pair: draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.75, 3.0]))
        for pair in itertools.combinations(cities, 2)
    }
    spoken = st.sets(st.sampled_from(["en", "ja", "ko"]), max_size=2)
    languages = {city: draw(spoken) for city in cities}
    pair = st.tuples(st.sampled_from(cities), st.sampled_from(cities)).filter(
        lambda p: p[0] != p[1]
    )
    must = {frozenset(p) for p in draw(st.lists(pair, max_size=2))}
    must_not = {frozenset(p) for p in draw(st.lists(pair, max_size=2))}
    return {
        "cities": cities,
        "values": values,
        "size": size,
        "languages": languages,
        "must": must,
        "must_not": must_not,
    }


@pytest.mark.parametrize("formulation", FORMULATIONS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=grouping_cases())
def test_groups_are_optimal_and_respect_every_constraint(
    formulation: str, case: dict[str, object]
) -> None:
    cities = case["cities"]
    values = case["values"]
    languages = case["languages"]
    must = case["must"]
    must_not = case["must_not"]
    size = case["size"]
    assert isinstance(cities, list) and isinstance(values, dict) and isinstance(size, int)
    assert isinstance(languages, dict) and isinstance(must, set) and isinstance(must_not, set)
    best = brute_force(cities, values, size, languages, must, must_not)

    try:
        found = form_groups(
            pairs_from(values),
            size,
            cities=cities,
            languages=languages,
            must_meet=[tuple(p) for p in must],
            must_not_meet=[tuple(p) for p in must_not],
            formulation=formulation,  # type: ignore[arg-type]
        )
    except InfeasibleError:
        event("infeasible")
        assert best is None
        return
    event("feasible")

    assert best is not None
    assert found.report.optimal
    assert found.objective == pytest.approx(best, abs=1e-6)
    recomputed = sum(
        values.get((a, b), values.get((b, a), 0.0))
        for group in found.groups
        for a, b in itertools.combinations(group, 2)
    )
    assert found.objective == pytest.approx(recomputed, abs=1e-9)
    assert sorted(c for g in found.groups for c in g) == sorted(cities)
    assert all(max(2, size - 1) <= len(g) <= size + 1 for g in found.groups)
    where = {city: k for k, group in enumerate(found.groups) for city in group}
    assert all(where[a] == where[b] for a, b in map(tuple, must))
    assert all(where[a] != where[b] for a, b in map(tuple, must_not))
    for group in found.groups:
        known = [languages[c] for c in group if languages[c]]
        assert not known or set.intersection(*known)


@pytest.mark.parametrize(
    ("n", "size", "count"),
    [(40, 4, 10), (10, 4, 3), (9, 4, 2), (6, 4, 2), (5, 4, 1), (3, 4, 1), (9, 2, 4), (7, 3, 2)],
)
def test_the_number_of_groups_brings_sizes_closest_to_the_request(
    n: int, size: int, count: int
) -> None:
    assert group_count(n, size) == count


def test_equal_sizes_when_the_cohort_divides() -> None:
    cities = [f"c{k}" for k in range(8)]
    found = form_groups([], 4, cities=cities)

    assert [len(g) for g in found.groups] == [4, 4]
    assert found.objective == 0.0
    assert not found.sizes_relaxed


@pytest.mark.parametrize("formulation", FORMULATIONS)
def test_sizes_range_over_size_plus_or_minus_one_only_when_languages_demand_it(
    formulation: str,
) -> None:
    cities = [f"j{k}" for k in range(5)] + [f"e{k}" for k in range(3)]
    languages = {c: {"ja"} if c.startswith("j") else {"en"} for c in cities}

    found = form_groups(
        [],
        4,
        cities=cities,
        languages=languages,
        formulation=formulation,  # type: ignore[arg-type]
    )

    assert sorted(len(g) for g in found.groups) == [3, 5]
    assert found.sizes_relaxed
    assert "sizes range from 3 to 5" in found.notes[0]


def test_complementary_cities_are_put_together() -> None:
    values = {("strong1", "weak1"): 3.0, ("strong2", "weak2"): 3.0, ("strong1", "strong2"): 1.0}
    found = form_groups(pairs_from(values), 2, cities=["strong1", "strong2", "weak1", "weak2"])

    assert found.groups == (("strong1", "weak1"), ("strong2", "weak2"))
    assert found.objective == 6.0
    assert found.group_values == (3.0, 3.0)


@pytest.mark.parametrize("formulation", FORMULATIONS)
def test_three_cities_each_pair_sharing_a_language_but_no_common_one_are_kept_apart(
    formulation: str,
) -> None:
    every = {"en", "ja", "ko"}
    languages = {"a": {"en", "ja"}, "b": {"ja", "ko"}, "c": {"ko", "en"}}
    languages |= {"d": every, "e": every, "f": every}
    values = {("a", "b"): 5.0, ("a", "c"): 5.0, ("b", "c"): 5.0}

    found = form_groups(
        pairs_from(values),
        3,
        cities=sorted(languages),
        languages=languages,
        formulation=formulation,  # type: ignore[arg-type]
    )

    assert found.objective == 5.0
    assert ("a", "b", "c") not in found.groups
    assert found.report.optimal


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 5, "cities": ["a", "b", "c"]}, "groups of 5 .± 1. need at least 4 cities"),
        (
            {"size": 2, "must_meet": [("a", "b"), ("b", "c"), ("c", "d")]},
            "a, b, c, d must all meet, 4 cities, more than a group of 2",
        ),
        (
            {"size": 2, "must_meet": [("a", "b")], "must_not_meet": [("b", "a")]},
            "a and b are asked both to meet and not to meet",
        ),
        (
            {"size": 3, "languages": {"a": {"mn"}, "b": {"en"}, "c": {"en"}, "d": {"en"}}},
            "a can share a group with only 0 other cities",
        ),
        (
            {"size": 2, "must_meet": [("a", "b")], "languages": {"a": {"mn"}, "b": {"en"}}},
            "a, b must meet, but they share no working language",
        ),
    ],
)
def test_infeasible_constraints_say_why(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"cities": ["a", "b", "c", "d"], **kwargs}
    size = arguments.pop("size")
    assert isinstance(size, int)
    with pytest.raises(InfeasibleError, match=message):
        form_groups([], size, **arguments)  # type: ignore[arg-type]


def test_a_constraint_the_checks_cannot_name_is_still_reported_as_a_sentence() -> None:
    # a, b and c may each meet d, and only d: one of them is left without a partner.
    forbidden = [("a", "b"), ("a", "c"), ("b", "c")]
    with pytest.raises(InfeasibleError, match="no split of the 4 cities into 2 groups of 2"):
        form_groups([], 2, cities=["a", "b", "c", "d"], must_not_meet=forbidden)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 1}, "at least 2 cities, not 1"),
        ({"size": 2, "must_meet": [("a", "x")]}, "'x' .asked to must meet. is not a city"),
        ({"size": 2, "must_not_meet": [("a", "a")]}, "cannot be asked to must not meet itself"),
        ({"size": 2, "languages": {"x": {"en"}}}, "languages are given for cities outside"),
        ({"size": 2, "time_limit": 0}, "time limit must be a positive"),
        ({"size": 2, "formulation": "greedy"}, "formulation must be auto, columns or pairs"),
        ({"size": 2, "cities": ["a", "a", "b"]}, "city a is listed twice"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"cities": ["a", "b", "c", "d"], **kwargs}
    size = arguments.pop("size")
    assert isinstance(size, int)
    with pytest.raises(NetworkError, match=message):
        form_groups([], size, **arguments)  # type: ignore[arg-type]


def test_negative_pair_values_are_refused() -> None:
    with pytest.raises(NetworkError, match="must be zero or a positive number"):
        form_groups(pairs_from({("a", "b"): -1.0}), 2)


def test_pair_values_count_what_a_sharing_strong_city_can_teach() -> None:
    framework = four_indicators()
    answers = {
        "teacher": levels({"G1": 4, "G2": 3, "E1": 0}),
        "learner": levels({"G1": 1, "G2": 1, "E1": 4}, evidence=""),
        "silent": levels({"G1": 4, "G2": 4, "E1": 0}),
    }
    cohort = cohort_of(framework, answers, [CityContext("silent", shares=False)])

    found = {(p.a, p.b): p for p in pair_values(cohort)}

    learner_teacher = found[("learner", "teacher")]
    assert learner_teacher.b_teaches == 0.75 + 0.5  # G1 by 3 levels, G2 by 2
    assert learner_teacher.a_teaches == 0.0  # E1 at level 4 but without evidence
    assert learner_teacher.b_topics == ("G1", "G2")
    assert learner_teacher.value == 1.25
    assert found[("learner", "silent")].value == 0.0  # silent does not share
    assert found[("silent", "teacher")].value == 0.0  # only silent is ahead (G2), unshared


def test_peer_groups_read_languages_from_the_cities_context() -> None:
    framework = four_indicators()
    answers = {c: levels({"G1": k % 5}) for k, c in enumerate(["a", "b", "c", "d"])}
    contexts = [
        CityContext("a", languages=("ja",)),
        CityContext("b", languages=("en",)),
        CityContext("c", languages=("ja", "en")),
        CityContext("d", languages=("en",)),
    ]
    found = peer_groups(cohort_of(framework, answers, contexts), 2)

    assert ("a", "c") in found.groups
    assert found.report.optimal

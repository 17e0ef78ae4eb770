"""The workshop planner: the exact optimum, checked against every plan of small cases."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from networkbuilders import answer, cohort_of, four_indicators
from stocktake.network import (
    CityContext,
    InfeasibleError,
    NetworkError,
    choose_workshops,
    plan_workshops,
)

Weights = dict[tuple[str, str], float]


def brute_force(
    weights: Weights, hosts: Mapping[str, set[str]], count: int, capacity: int, per_city: int
) -> float | None:
    """The best total weight over every admissible plan; ``None`` when there is none."""
    offers = [(t, h) for t, hs in hosts.items() for h in hs]
    cities = sorted({c for c, _ in weights})
    best: float | None = None
    for chosen in itertools.combinations(offers, count):
        if len({t for t, _ in chosen}) < count or len({h for _, h in chosen}) < count:
            continue
        host_of = dict(chosen)
        options = []
        for city in cities:
            open_to = [t for t in host_of if weights.get((city, t), 0) > 0 and host_of[t] != city]
            options.append(
                [s for r in range(per_city + 1) for s in itertools.combinations(open_to, r)]
            )
        for picks in itertools.product(*options):
            seats = {t: sum(t in p for p in picks) for t in host_of}
            if any(not 1 <= n <= capacity for n in seats.values()):
                continue
            total = sum(weights[(c, t)] for c, p in zip(cities, picks, strict=True) for t in p)
            best = total if best is None else max(best, total)
    return best


@st.composite
def planning_cases(draw: st.DrawFn) -> dict[str, object]:
    cities = [f"c{k}" for k in range(draw(st.integers(2, 4)))]
    topics = [f"t{k}" for k in range(draw(st.integers(1, 3)))]
    weight = st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.75, 1.0])
    weights = {(c, t): draw(weight) for c in cities for t in topics}
    hosts = {t: draw(st.sets(st.sampled_from(cities), max_size=2)) for t in topics}
    return {
        "weights": {k: v for k, v in weights.items() if v > 0 or draw(st.booleans())},
        "hosts": hosts,
        "count": draw(st.integers(1, 3)),
        "capacity": draw(st.integers(1, 3)),
        "per_city": draw(st.integers(1, 2)),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=planning_cases())
def test_plans_are_optimal_and_respect_every_constraint(case: dict[str, object]) -> None:
    weights, hosts = case["weights"], case["hosts"]
    count, capacity, per_city = case["count"], case["capacity"], case["per_city"]
    assert isinstance(weights, dict) and isinstance(hosts, dict)
    assert isinstance(count, int) and isinstance(capacity, int) and isinstance(per_city, int)
    best = brute_force(weights, hosts, count, capacity, per_city)

    try:
        found = choose_workshops(weights, hosts, count, capacity=capacity, per_city=per_city)
    except InfeasibleError:
        event("infeasible")
        assert best is None
        return
    event("feasible")

    assert best is not None
    assert found.report.optimal
    assert found.objective == pytest.approx(best, abs=1e-9)
    assert found.objective == pytest.approx(
        sum(weights[(c, t)] for t, _, cities in found.workshops for c in cities), abs=1e-9
    )
    assert len(found.workshops) == count
    assert len({t for t, _, _ in found.workshops}) == count
    assert len({h for _, h, _ in found.workshops}) == count
    for topic, host, cities in found.workshops:
        assert host in hosts[topic]
        assert host not in cities
        assert 1 <= len(cities) <= capacity
        assert all(weights[(c, topic)] > 0 for c in cities)
    attended = [c for _, _, cities in found.workshops for c in cities]
    assert all(attended.count(c) <= per_city for c in attended)


def test_the_heaviest_needs_fill_the_places() -> None:
    weights = {("a", "t"): 1.0, ("b", "t"): 0.5, ("c", "t"): 0.75}
    found = choose_workshops(weights, {"t": {"h"}}, 1, capacity=2, per_city=1)

    assert found.workshops == (("t", "h", ("a", "c")),)
    assert found.objective == 1.75


def test_a_host_does_not_attend_its_own_workshop_but_may_attend_another() -> None:
    weights = {("h1", "t2"): 1.0, ("h2", "t1"): 1.0, ("h1", "t1"): 5.0}
    found = choose_workshops(weights, {"t1": {"h1"}, "t2": {"h2"}}, 2, capacity=3, per_city=1)

    assert sorted(found.workshops) == [("t1", "h1", ("h2",)), ("t2", "h2", ("h1",))]


@pytest.mark.parametrize(
    ("weights", "hosts", "count", "message"),
    [
        ({("a", "t"): 1.0}, {"t": {"a"}}, 1, "no workshop can be formed"),
        (
            {("a", "t1"): 1.0, ("a", "t2"): 1.0},
            {"t1": {"h"}, "t2": {"h"}},
            2,
            "only 1 workshop can be formed, not 2",
        ),
        (
            {("a", "t1"): 1.0, ("a", "t2"): 1.0},
            {"t1": {"h1"}, "t2": {"h2"}},
            2,
            "2 workshops cannot each have a participant",
        ),
    ],
)
def test_impossible_plans_say_why(
    weights: Weights, hosts: dict[str, set[str]], count: int, message: str
) -> None:
    with pytest.raises(InfeasibleError, match=message):
        choose_workshops(weights, hosts, count, capacity=3, per_city=1)


@pytest.mark.parametrize(
    ("count", "capacity", "per_city", "message"),
    [
        (0, 3, 1, "workshops must be a whole number from 1"),
        (1, 0, 1, "capacity"),
        (1, 2, True, "per_city"),
    ],
)
def test_counts_must_be_whole_numbers_from_one(
    count: int, capacity: int, per_city: int, message: str
) -> None:
    with pytest.raises(NetworkError, match=message):
        choose_workshops(
            {("a", "t"): 1.0}, {"t": {"h"}}, count, capacity=capacity, per_city=per_city
        )


def test_a_negative_weight_is_refused() -> None:
    with pytest.raises(NetworkError, match="need of a on t must be zero or a positive"):
        choose_workshops({("a", "t"): -1.0}, {"t": {"h"}}, 1, capacity=1, per_city=1)


def test_a_plan_names_why_each_workshop_host_and_participant_was_chosen() -> None:
    framework = four_indicators()
    strong = answer("G1", 4, evidence="Committee minutes 2024")
    ask = {"importance": 5, "confidence": "high", "support": ("training",)}
    answers = {
        "host": [strong],
        "keen": [answer("G1", 0, **ask)],
        "busy": [answer("G1", 1, **ask), answer("E1", 0, **ask)],
        "mild": [answer("G1", 3, **ask)],
        "other": [answer("E1", 4, evidence="Inventory 2023")],
    }
    contexts = [CityContext("host", name="Host City"), CityContext("mild", shares=True)]
    cohort = cohort_of(framework, answers, contexts)

    plan = plan_workshops(cohort, 2, capacity=2, per_city=1)

    assert plan.report.optimal
    by_topic = {w.topic: w for w in plan.workshops}
    assert [p.city for p in by_topic["G1"].participants] == ["keen", "mild"]
    assert [p.city for p in by_topic["E1"].participants] == ["busy"]
    assert plan.objective == pytest.approx(1.0 + 0.25 + 1.0)
    texts = [r.text for r in by_topic["G1"].reasons]
    assert texts[0] == (
        "3 cities asked for support on G1 (Indicator G1), needs weighing 2 together; "
        "2 of them take part, weighing 1.25."
    )
    assert texts[1] == (
        "Host City hosts: it is at level 4 of 4 (Level 4) on G1, with evidence "
        "'Committee minutes 2024', and agreed to share."
    )
    assert texts[2] == "busy asked too (weight 0.75) but attends its 1 workshop on E1."
    assert by_topic["G1"].participants[0].reasons[0].text == (
        "keen: 1 department asked for training (need weight 1); it is at level 0 of 4 (Level 0)."
    )


def test_a_city_that_does_not_share_never_hosts() -> None:
    answers = {
        "host": [answer("G1", 4, evidence="Report")],
        "keen": [answer("G1", 0, support=("training",))],
    }
    cohort = cohort_of(four_indicators(), answers, [CityContext("host", shares=False)])

    with pytest.raises(InfeasibleError, match="no workshop can be formed"):
        plan_workshops(cohort, 1, capacity=2, per_city=1)

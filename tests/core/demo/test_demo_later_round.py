"""A demo city's later round: moved plausibly from its first, reproducible, focus moving up."""

from __future__ import annotations

from collections import defaultdict

import pytest

from stocktake.answers import Answer
from stocktake.demo import DemoNetwork, generate_network, later_round
from stocktake.frameworks import get_framework
from stocktake.frameworks.schema import Framework
from stocktake.network import compare_rounds


@pytest.fixture(scope="module")
def network() -> DemoNetwork:
    return generate_network(seed=2025)


@pytest.fixture(scope="module")
def issa() -> Framework:
    return get_framework("issa-36")


def _levels(answers: list[Answer]) -> dict[tuple[str, str, bool], object]:
    return {(a.indicator, a.department, a.reconciled): a.value for a in answers}


def test_the_same_seed_gives_the_same_later_round(issa: Framework) -> None:
    first = later_round(generate_network(seed=3), "dalbit", issa, year=2026)
    second = later_round(generate_network(seed=3), "dalbit", issa, year=2026)

    assert first == second


def test_a_later_round_answers_what_the_first_answered_and_nothing_else(
    network: DemoNetwork, issa: Framework
) -> None:
    for city in network.cities:
        before = network.answers[(city.id, issa.id)]
        after = later_round(network, city.id, issa, year=2026)

        assert _levels(after).keys() == _levels(before).keys()
        assert [a.is_blank for a in after] == [a.is_blank for a in before]


def test_every_department_of_an_indicator_moves_by_the_same_steps(
    network: DemoNetwork, issa: Framework
) -> None:
    """Departments disagree as much as before, so a clear change can be claimed at all."""
    levels = {ind.id: [lv.value for lv in ind.levels] for ind in issa.indicators()}
    for city in network.cities:
        before = _levels(network.answers[(city.id, issa.id)])
        after = _levels(later_round(network, city.id, issa, year=2026))
        moves: dict[str, set[int]] = defaultdict(set)
        for key, value in before.items():
            scale = levels[key[0]]
            old, new = scale.index(value), scale.index(after[key])
            if 0 < old < len(scale) - 1 and 0 < new < len(scale) - 1:
                moves[key[0]].add(new - old)
        assert all(len(steps) == 1 for steps in moves.values()), city.id


def test_most_indicators_stay_and_some_move_both_ways(
    network: DemoNetwork, issa: Framework
) -> None:
    verdicts: dict[str, int] = defaultdict(int)
    for city in network.cities:
        progress = compare_rounds(
            issa,
            network.answers[(city.id, issa.id)],
            later_round(network, city.id, issa, year=2026),
        )
        for change in progress.indicators:
            verdicts[change.verdict] += 1

    assert verdicts["no clear change"] > verdicts["improved"] > verdicts["declined"] > 0


def test_the_subjects_a_city_worked_on_move_up_more_often(
    network: DemoNetwork, issa: Framework
) -> None:
    focus = frozenset(ind.id for ind in issa.indicators()[::2])
    raised = {True: 0, False: 0}
    for city in network.cities:
        progress = compare_rounds(
            issa,
            network.answers[(city.id, issa.id)],
            later_round(network, city.id, issa, year=2026, focus=focus),
        )
        for change in progress.indicators:
            raised[change.id in focus] += change.verdict == "improved"

    assert raised[True] > 2 * raised[False]


def test_moved_answers_carry_evidence_of_the_later_year(
    network: DemoNetwork, issa: Framework
) -> None:
    before = network.answers[("bituin", issa.id)]
    after = later_round(network, "bituin", issa, year=2031)
    moved = [new for old, new in zip(before, after, strict=True) if new.value != old.value]
    kept = [new for old, new in zip(before, after, strict=True) if new == old]

    assert moved and kept
    assert all("2031" in a.evidence for a in moved if a.evidence and not a.reconciled)
    assert not any("2031" in a.evidence for a in kept)


def test_numbered_cities_get_a_setting_from_their_country() -> None:
    network = generate_network(seed=1, n_cities=30)

    regions = {city.country: city.setting.region for city in network.cities}
    numbered = network.cities[7:]

    assert regions["Philippines"] == "Southeast Asia"
    assert regions["Australia"] == "Oceania"
    assert regions["Japan"] == "East Asia"
    assert all("en" in city.setting.languages for city in numbered)
    assert all(len(city.setting.economy) == 3 for city in numbered)
    assert all(city.setting.climate for city in network.cities)


def test_answers_on_one_framework_are_the_same_whichever_others_are_drawn() -> None:
    alone = generate_network(seed=4, n_cities=9, framework_ids=["issa-36"])
    everything = generate_network(seed=4, n_cities=9)

    assert set(alone.answers) == {(city.id, "issa-36") for city in alone.cities}
    assert all(answers == everything.answers[key] for key, answers in alone.answers.items())

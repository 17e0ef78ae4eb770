"""A demo city's workshop exercise: a simulated, very strong city, reproducible, apart from the
city's own rounds."""

from __future__ import annotations

import pytest

from stocktake.answers import Answer
from stocktake.demo import DemoNetwork, generate_network, later_round, training_round
from stocktake.frameworks import get_framework
from stocktake.frameworks.schema import Framework
from stocktake.scoring import score_assessment


@pytest.fixture(scope="module")
def network() -> DemoNetwork:
    return generate_network(seed=2025)


@pytest.fixture(scope="module")
def issa() -> Framework:
    return get_framework("issa-36")


def _total(framework: Framework, answers: list[Answer]) -> float:
    score = score_assessment(framework, answers).total.score
    assert score is not None
    return score


def test_the_same_seed_gives_the_same_exercise(issa: Framework) -> None:
    first = training_round(generate_network(seed=3), "dalbit", issa)
    second = training_round(generate_network(seed=3), "dalbit", issa)

    assert first == second


def test_the_exercise_is_answered_by_the_city_s_own_departments(
    network: DemoNetwork, issa: Framework
) -> None:
    city = network.cities[0]

    exercise = training_round(network, city.id, issa)

    assert {answer.department for answer in exercise} <= {dept.id for dept in city.departments}
    assert {answer.indicator for answer in exercise} <= {ind.id for ind in issa.indicators()}


def test_the_exercise_scores_above_every_real_round_of_the_network(
    network: DemoNetwork, issa: Framework
) -> None:
    """Extreme on purpose: if it ever leaked into a comparison, it would show."""
    real = [
        _total(issa, answers)
        for city in network.cities
        for answers in (
            network.answers[(city.id, issa.id)],
            later_round(network, city.id, issa, year=2026),
        )
    ]

    exercise = _total(issa, training_round(network, network.cities[0].id, issa))

    assert exercise > max(real)


def test_drawing_the_exercise_changes_none_of_the_city_s_rounds(issa: Framework) -> None:
    network = generate_network(seed=11)
    before = later_round(network, "dalbit", issa, year=2026)

    training_round(network, "dalbit", issa)

    assert later_round(network, "dalbit", issa, year=2026) == before
    assert network.answers == generate_network(seed=11).answers

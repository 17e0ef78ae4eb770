from __future__ import annotations

import pytest

from networkbuilders import answer, cohort_of, four_indicators
from stocktake.errors import AnswerError
from stocktake.network import CityContext, NetworkError


def test_an_answer_of_another_city_under_a_city_is_refused() -> None:
    rows = [answer("G1", 1, city="south")]
    with pytest.raises(NetworkError, match="filed under city 'north' include answers of 'south'"):
        cohort_of(four_indicators(), {"north": rows})


def test_a_context_of_a_city_without_answers_is_refused() -> None:
    with pytest.raises(NetworkError, match="context for city 'west' but no answers"):
        cohort_of(four_indicators(), {"north": [answer("G1", 1)]}, [CityContext("west")])


def test_two_contexts_of_one_city_are_refused() -> None:
    contexts = [CityContext("north"), CityContext("north", kind="city")]
    with pytest.raises(NetworkError, match="city 'north' has two contexts"):
        cohort_of(four_indicators(), {"north": [answer("G1", 1)]}, contexts)


@pytest.mark.parametrize("population", [0, -5, float("nan"), float("inf")])
def test_a_population_must_be_a_positive_number(population: float) -> None:
    with pytest.raises(NetworkError, match="population of city 'north' must be a positive"):
        CityContext("north", population=population)


def test_an_answer_off_the_scale_names_the_city() -> None:
    with pytest.raises(AnswerError, match=r"the answers of city 'north'.*takes a level of"):
        cohort_of(four_indicators(), {"north": [answer("G1", 7)]})


def test_a_city_without_a_context_shares_and_is_named_by_its_id() -> None:
    cohort = cohort_of(four_indicators(), {"north": [answer("G1", 1)]})

    assert cohort.shares("north")
    assert cohort.label("north") == "north"
    with pytest.raises(NetworkError, match="no city 'south'"):
        cohort.context("south")

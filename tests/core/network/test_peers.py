from __future__ import annotations

import math

import pytest

from networkbuilders import answer, cohort_of, four_indicators, levels
from stocktake.network import (
    CityContext,
    NetworkError,
    SimilarityWeights,
    city_strengths,
    similar_cities,
    similarity,
    who_can_help,
)


def test_same_kind_region_and_climate_count_one_each() -> None:
    a = CityContext("a", kind="city", region="East Asia", climate="humid subtropical")
    b = CityContext("b", kind="City", region="East Asia", climate="oceanic")

    found = similarity(a, b)

    assert found.attributes == {"kind": 1.0, "region": 1.0, "climate": 0.0}
    assert found.value == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(1e6, 1e6, 1.0), (1e6, 1e7, 0.5), (2e5, 2e7, 0.0), (1e3, 1e9, 0.0)],
)
def test_population_similarity_falls_with_the_log_ratio(
    a: float, b: float, expected: float
) -> None:
    found = similarity(CityContext("a", population=a), CityContext("b", population=b))
    assert found.value == pytest.approx(expected)


def test_languages_and_economy_compare_as_sets() -> None:
    a = CityContext("a", languages=("en", "ja"), economy=("port", "tourism"))
    b = CityContext("b", languages=("EN",), economy=("port", "tourism", "manufacturing"))

    found = similarity(a, b)

    assert found.attributes == {"languages": 0.5, "economy": pytest.approx(2 / 3)}
    assert [r.text for r in found.reasons] == [
        "Shared working languages: en.",
        "Shared economic sectors: port, tourism.",
    ]


def test_attributes_unknown_on_either_side_are_left_out_not_counted_as_different() -> None:
    a = CityContext("a", kind="city", population=1e6)
    b = CityContext("b", kind="city")

    assert similarity(a, b).value == 1.0
    assert similarity(CityContext("a"), b).value is None


def test_weights_change_the_mean_and_zero_leaves_an_attribute_out() -> None:
    a = CityContext("a", kind="city", region="East Asia")
    b = CityContext("b", kind="town", region="East Asia")

    assert similarity(a, b, SimilarityWeights(kind=3.0)).value == pytest.approx(0.25)
    assert similarity(a, b, SimilarityWeights(kind=0.0)).value == 1.0


@pytest.mark.parametrize("weights", [{"kind": -1.0}, {"region": math.nan}])
def test_negative_or_missing_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(NetworkError, match="similarity weights"):
        SimilarityWeights(**weights)


def test_all_weights_zero_is_refused() -> None:
    zero = dict.fromkeys(("kind", "population", "region", "languages", "climate", "economy"), 0.0)
    with pytest.raises(NetworkError):
        SimilarityWeights(**zero)


def test_cities_like_you_list_the_most_similar_first_and_unknown_last() -> None:
    framework = four_indicators()
    rows = {city: [answer("G1", 1)] for city in ("home", "twin", "far", "blank")}
    contexts = [
        CityContext("home", kind="city", region="East Asia"),
        CityContext("twin", kind="city", region="East Asia"),
        CityContext("far", kind="town", region="East Asia"),
    ]
    cohort = cohort_of(framework, rows, contexts)

    found = similar_cities(cohort, "home")

    assert [(s.other, s.value) for s in found] == [("twin", 1.0), ("far", 0.5), ("blank", None)]


def test_a_strong_city_needs_level_three_and_evidence_at_that_level() -> None:
    framework = four_indicators()
    rows = [
        answer("G1", 3, evidence="Budget line 2024"),
        answer("G2", 4),
        answer("E1", 2, evidence="Pilot"),
        answer("E2", 4, "a", evidence=""),
        answer("E2", 4, "b", evidence="Monitoring report"),
    ]
    cohort = cohort_of(framework, {"north": rows})

    found = city_strengths(cohort, "north")

    assert sorted(found) == ["E2", "G1"]  # G2 has no evidence, E1 is below level 3
    assert found["E2"].evidence == ("Monitoring report",)


def test_evidence_of_a_department_below_the_threshold_does_not_count() -> None:
    rows = [answer("G1", 4, "a"), answer("G1", 4, "b"), answer("G1", 1, "c", evidence="Pilot")]
    cohort = cohort_of(four_indicators(), {"north": rows})

    assert city_strengths(cohort, "north") == {}


def test_who_can_help_names_sharing_cities_strong_exactly_in_each_key_area() -> None:
    framework = four_indicators()
    answers = {
        "home": levels({"G1": 0, "G2": 1, "E1": 4, "E2": 4}),
        "teacher": levels({"G1": 4, "G2": 2, "E1": 1, "E2": 1}, evidence="Council decision 2023"),
        "private": levels({"G1": 4, "G2": 4, "E1": 1, "E2": 1}),
        "middling": levels({"G1": 3, "G2": 3, "E1": 1, "E2": 1}),
    }
    contexts = [
        CityContext("teacher", name="Teacher City"),
        CityContext("private", shares=False),
    ]
    cohort = cohort_of(framework, answers, contexts)

    found = who_can_help(cohort, "home")

    assert [area.key_area.indicator for area in found] == ["G1", "G2"]
    g1, g2 = found
    assert [h.city for h in g1.helpers] == ["teacher", "middling"]  # level 4 before level 3
    assert [h.city for h in g2.helpers] == ["middling"]  # teacher is at level 2 there
    assert [r.text for r in g1.helpers[0].reasons] == [
        "Teacher City is at level 4 of 4 (Level 4) on G1, where home wants to improve.",
        "Its departments cite: 'Council decision 2023'.",
        "Teacher City agreed to share its results with the network.",
    ]


def test_nobody_can_help_where_no_other_city_is_strong() -> None:
    answers = {"home": levels({"G1": 0}), "other": levels({"G1": 2})}
    [area] = who_can_help(cohort_of(four_indicators(), answers), "home")

    assert area.helpers == ()

"""The seeded demonstration network: fictional, labelled, deterministic and realistic."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from stocktake.answers import Answer, indicator_points
from stocktake.demo import BANNER, DEPARTMENT_IDS, DemoNetwork, generate_network
from stocktake.errors import StocktakeError
from stocktake.frameworks import bundled_frameworks, get_framework
from stocktake.io import read_answers, write_answers
from stocktake.scoring import score_assessment

REAL_MEMBERS = ("Kaohsiung", "Yokohama", "Kyoto", "Batangas", "Iloilo", "Newcastle", "Goyang")


@pytest.fixture(scope="module")
def network() -> DemoNetwork:
    return generate_network(seed=2025)


def test_same_seed_gives_the_same_network() -> None:
    assert generate_network(seed=7) == generate_network(seed=7)


def test_different_seeds_give_different_answers() -> None:
    first, second = generate_network(seed=0), generate_network(seed=1)

    assert first.cities == second.cities
    assert first.answers != second.answers


def test_seed_zero_is_a_valid_seed() -> None:
    assert generate_network(seed=0).label.startswith("Fictional demonstration data (seed 0)")


def test_label_and_banner_say_the_data_is_fictional(network: DemoNetwork) -> None:
    assert network.label == (
        "Fictional demonstration data (seed 2025): every city, department and answer is invented "
        "by Stocktake's demo generator and is not any real city's result."
    )
    assert BANNER.startswith("DEMONSTRATION DATA")


def test_seven_fictional_cities_of_different_kinds_countries_and_strengths(
    network: DemoNetwork,
) -> None:
    cities = network.cities

    assert len(cities) == 7
    assert len({city.id for city in cities}) == 7
    assert len({city.country for city in cities}) == 6
    assert {city.kind for city in cities} == {"city", "province", "town"}
    assert len({city.strength for city in cities}) == 7
    assert max(c.population for c in cities) > 50 * min(c.population for c in cities)
    names = " ".join(name for city in cities for name in city.name.values())
    assert not any(real in names for real in REAL_MEMBERS)


def test_each_city_has_an_english_name_and_one_in_its_own_language(network: DemoNetwork) -> None:
    languages = {city.id: sorted(city.name) for city in network.cities}

    assert languages == {
        "lanwan": ["en", "zh-Hant"],
        "aobaura": ["en", "ja"],
        "dalbit": ["en", "ko"],
        "kestrel-bay": ["en"],
        "bagong-liwayway": ["en", "fil"],
        "bituin": ["en", "fil"],
        "nogoon-khundii": ["en", "mn"],
    }


def test_each_city_has_seven_departments_from_the_framework_ids(network: DemoNetwork) -> None:
    for city in network.cities:
        ids = [dept.id for dept in city.departments]
        assert len(set(ids)) == 7
        assert set(ids) <= set(DEPARTMENT_IDS)
        assert all(dept.name["en"] for dept in city.departments)


def test_cohort_is_chaired_by_the_first_city(network: DemoNetwork) -> None:
    assert network.cohort.chair == network.cities[0].id == "lanwan"
    assert network.cohort.start < network.cohort.end


def test_answers_cover_every_city_and_bundled_framework(network: DemoNetwork) -> None:
    expected = {(c.id, fw.id) for c in network.cities for fw in bundled_frameworks()}

    assert set(network.answers) == expected


def test_every_answer_fits_its_framework(network: DemoNetwork) -> None:
    for (city_id, framework_id), answers in network.answers.items():
        framework = get_framework(framework_id)
        kinds = {kind.id for kind in framework.support_kinds}
        departments = {dept.id for dept in network.city(city_id).departments}
        for answer in answers:
            indicator_points(framework.indicator(answer.indicator), answer.value)
            assert set(answer.support_needed) <= kinds
            assert answer.city == city_id
            assert answer.department in departments or (answer.reconciled and not answer.department)


def test_answers_are_owned_by_the_indicators_departments(network: DemoNetwork) -> None:
    framework = get_framework("issa-36")
    city = network.city("lanwan")
    own = {dept.id for dept in city.departments}
    for answer in network.answers[("lanwan", "issa-36")]:
        suggested = set(framework.indicator(answer.indicator).departments) & own
        if suggested and not answer.reconciled:
            assert answer.department in suggested


def test_answers_survive_writing_and_reading(network: DemoNetwork, tmp_path: Path) -> None:
    answers = network.answers[("bituin", "cbi-2014")]
    path = tmp_path / "bituin.csv"

    write_answers(answers, path)

    assert read_answers(path, framework=get_framework("cbi-2014")) == answers


def test_cbi_indicators_needing_an_earlier_survey_are_left_blank(network: DemoNetwork) -> None:
    framework = get_framework("cbi-2014")
    optional = {ind.id for ind in framework.indicators() if ind.optional}

    for city in network.cities:
        answers = network.answers[(city.id, "cbi-2014")]
        assert {a.indicator for a in answers if a.indicator in optional} == optional
        assert all(a.is_blank for a in answers if a.indicator in optional)


def test_some_answers_are_missing_so_coverage_is_below_full(network: DemoNetwork) -> None:
    for (city_id, framework_id), answers in network.answers.items():
        coverage = score_assessment(get_framework(framework_id), answers).coverage
        assert 0.7 < coverage < 1.0, (city_id, framework_id)


def department_values(answers: list[Answer]) -> dict[str, list[object]]:
    by_indicator: dict[str, list[object]] = defaultdict(list)
    for answer in answers:
        if not answer.reconciled and not answer.is_blank:
            by_indicator[answer.indicator].append(answer.value)
    return {key: values for key, values in by_indicator.items() if len(values) > 1}


def test_departments_mostly_agree_but_not_always(network: DemoNetwork) -> None:
    shared = [
        values
        for (_, framework_id), answers in network.answers.items()
        if framework_id != "cbi-2014"
        for values in department_values(answers).values()
    ]
    agreeing = sum(1 for values in shared if len(set(values)) == 1)

    assert 0.5 < agreeing / len(shared) < 0.9


def test_stronger_cities_reach_higher_levels(network: DemoNetwork) -> None:
    framework = get_framework("issa-36")
    totals = {
        city.id: score_assessment(framework, network.answers[(city.id, "issa-36")]).total.score
        for city in network.cities
    }

    assert totals["lanwan"] > totals["dalbit"] > totals["nogoon-khundii"]


def test_low_levels_bring_more_support_requests(network: DemoNetwork) -> None:
    asked = {"low": [0, 0], "high": [0, 0]}
    for (_, framework_id), answers in network.answers.items():
        if framework_id != "issa-36":
            continue
        for answer in answers:
            if isinstance(answer.value, int) and not answer.reconciled:
                band = asked["low" if answer.value <= 1 else "high"]
                band[0] += bool(answer.support_needed)
                band[1] += 1

    assert asked["low"][0] / asked["low"][1] > 2 * asked["high"][0] / asked["high"][1]


def test_answers_carry_confidence_importance_and_evidence(network: DemoNetwork) -> None:
    answers = [a for a in network.answers[("aobaura", "issa-36")] if not a.reconciled]

    assert {a.confidence for a in answers} == {"low", "medium", "high"}
    assert {a.importance for a in answers} >= {3, 4, 5}
    assert sum(1 for a in answers if a.evidence) > len(answers) / 2


def test_fewer_cities_take_the_first_of_the_cast() -> None:
    network = generate_network(seed=1, n_cities=3)

    assert [city.id for city in network.cities] == ["lanwan", "aobaura", "dalbit"]


def test_more_cities_are_made_by_pattern_for_load_tests() -> None:
    network = generate_network(seed=3, n_cities=300)

    ids = [city.id for city in network.cities]
    assert len(set(ids)) == 300
    assert ids[7:9] == ["demo-008", "demo-009"]
    assert network.cities[7].name["en"].startswith("Demo ")
    assert all(len(city.departments) == 7 for city in network.cities)
    assert len(network.answers) == 300 * len(bundled_frameworks())


def test_adding_cities_keeps_the_first_cities_answers() -> None:
    small, large = generate_network(seed=5, n_cities=2), generate_network(seed=5, n_cities=9)

    assert all(large.answers[key] == answers for key, answers in small.answers.items())


@pytest.mark.parametrize(("seed", "n_cities"), [(-1, 7), (2025, 0)])
def test_bad_seed_or_size_is_refused(seed: int, n_cities: int) -> None:
    with pytest.raises(StocktakeError):
        generate_network(seed=seed, n_cities=n_cities)

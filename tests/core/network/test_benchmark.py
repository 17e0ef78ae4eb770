"""The cohort distribution of a score, the position words' rule, and what cities share."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from networkbuilders import answer, cohort_of, four_indicators
from stocktake.network import NetworkError, support_requests
from stocktake.network.benchmark import Position, benchmark, distribution, quantile
from stocktake.network.shared import shared_key_areas, support_totals


def test_quartiles_of_five_cities_are_the_order_statistics() -> None:
    # ascending 10, 20, 40, 80, 100: positions 1, 2, 3 of 0..4
    found = distribution([80.0, 10.0, 100.0, 40.0, 20.0])

    assert found is not None
    assert (found.count, found.lowest, found.lower_quartile) == (5, 10.0, 20.0)
    assert (found.median, found.upper_quartile, found.best) == (40.0, 80.0, 100.0)


def test_quartiles_of_four_cities_interpolate_between_neighbours() -> None:
    # ascending 0, 25, 50, 100: lower quartile at 0.75 → 18.75, median 37.5, upper at 2.25 → 62.5
    found = distribution([50.0, 0.0, 100.0, 25.0])

    assert found is not None
    assert found.lower_quartile == pytest.approx(18.75)
    assert found.median == pytest.approx(37.5)
    assert found.upper_quartile == pytest.approx(62.5)


def test_a_gap_is_left_out_rather_than_counted_as_zero() -> None:
    found = distribution([None, 60.0, None, 20.0, 40.0])

    assert found is not None
    assert (found.count, found.lowest, found.median) == (3, 20.0, 40.0)


def test_no_score_at_all_gives_no_distribution() -> None:
    assert distribution([None, None]) is None
    assert distribution([]) is None


def test_one_city_is_its_own_median_and_best() -> None:
    found = distribution([42.0])

    assert found is not None
    assert found.lowest == found.lower_quartile == found.median == found.best == 42.0
    assert found.position(42.0) is Position.AT_MEDIAN


def test_a_damaged_score_is_refused_in_a_sentence() -> None:
    with pytest.raises(NetworkError, match="not a finite number"):
        distribution([1.0, float("nan")])


def test_quantile_refuses_an_empty_list_and_a_share_outside_zero_to_one() -> None:
    with pytest.raises(NetworkError, match="at least one"):
        quantile([], 0.5)
    with pytest.raises(NetworkError, match="between 0 and 1"):
        quantile([1.0], 1.5)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100.0, Position.HIGHEST_QUARTER),
        (80.0, Position.ABOVE_MEDIAN),  # equal to the upper quartile
        (60.0, Position.ABOVE_MEDIAN),
        (40.0, Position.AT_MEDIAN),
        (30.0, Position.BELOW_MEDIAN),
        (20.0, Position.BELOW_MEDIAN),  # equal to the lower quartile
        (10.0, Position.LOWEST_QUARTER),
    ],
)
def test_position_words_follow_the_quartiles(score: float, expected: Position) -> None:
    found = distribution([10.0, 20.0, 40.0, 80.0, 100.0])

    assert found is not None
    assert found.position(score) is expected


def test_a_tied_cohort_puts_everyone_at_the_median_and_level_with_the_best() -> None:
    scores = {"a": {"x": 50.0}, "b": {"x": 50.0}, "c": {"x": 50.0}}

    [item] = benchmark(scores, ["x"], "b")

    assert item.position is Position.AT_MEDIAN
    assert item.is_best


def test_stored_scores_a_rounding_apart_count_as_tied() -> None:
    found = distribution([200 / 3, 66.66666666666667, 10.0])

    assert found is not None
    assert found.is_best(66.666666666666671)


def test_benchmark_reports_the_city_own_gap_without_a_position() -> None:
    scores = {"a": {"x": 10.0, "y": None}, "b": {"x": 30.0, "y": 70.0}, "c": {"x": 20.0}}

    x, y = benchmark(scores, ["x", "y"], "a")

    assert (x.own, x.position, x.is_best) == (10.0, Position.LOWEST_QUARTER, False)
    assert (y.own, y.position) == (None, None)
    assert y.distribution is not None and y.distribution.count == 1


def test_benchmark_of_a_city_outside_the_cohort_is_refused() -> None:
    with pytest.raises(NetworkError, match="no city 'z'"):
        benchmark({"a": {"x": 1.0}}, ["x"], "z")


@given(st.lists(st.floats(0, 100) | st.none(), max_size=30))
def test_quartiles_agree_with_numpy_and_are_ordered(scores: list[float | None]) -> None:
    found = distribution(scores)
    present = [s for s in scores if s is not None]

    if not present:
        assert found is None
        return
    assert found is not None
    expected = np.quantile(present, [0.25, 0.5, 0.75])
    assert [found.lower_quartile, found.median, found.upper_quartile] == pytest.approx(expected)
    assert found.lowest <= found.lower_quartile <= found.median <= found.upper_quartile
    assert found.upper_quartile <= found.best
    assert found.position(found.best) in {
        Position.HIGHEST_QUARTER,
        Position.ABOVE_MEDIAN,
        Position.AT_MEDIAN,
    }


def test_shared_key_areas_count_cities_most_shared_first_ties_in_framework_order() -> None:
    areas = {"north": ["G2", "G1", "G1"], "south": ["G1", "G3"], "east": ["G3", "G2"]}

    found = shared_key_areas(areas, order=["G1", "G2", "G3"])

    assert [(a.indicator, a.cities) for a in found] == [
        ("G1", ("north", "south")),
        ("G2", ("east", "north")),
        ("G3", ("east", "south")),
    ]
    assert found[0].count == 2


def test_support_totals_add_requests_by_indicator_kind_and_department() -> None:
    rows = {
        "north": [answer("G1", 0, importance=5, confidence="high", support=("training",))],
        "south": [
            answer("G1", 2, importance=5, confidence="high", support=("training", "finance")),
            answer("G2", 0, "b", importance=5, confidence="high", support=("finance",)),
        ],
    }
    requests = support_requests(cohort_of(four_indicators(), rows))

    found = support_totals(requests, order=["G1", "G2", "E1", "E2"])

    by_key = {(t.indicator, t.kind, t.department): t for t in found}
    training = by_key[("G1", "training", "a")]
    # north: gap 1 × 1 × 1; south: gap 0.5 shared between two kinds → 0.25
    assert (training.requests, training.cities) == (2, ("north", "south"))
    assert training.weight == pytest.approx(1.25)
    assert by_key[("G1", "finance", "a")].weight == pytest.approx(0.25)
    assert by_key[("G2", "finance", "b")].cities == ("south",)
    assert [t.weight for t in found] == sorted((t.weight for t in found), reverse=True)


def test_support_totals_of_no_requests_are_empty() -> None:
    assert support_totals([]) == []

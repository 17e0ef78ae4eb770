"""Every aggregator against analytic cases; missing children, thresholds and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from stocktake.composite import AggregationError
from stocktake.composite.aggregate import (
    Context,
    arithmetic,
    combine,
    copeland,
    geometric,
    harmonic,
    outranking,
    power,
)
from stocktake.composite.spec import AggregationRule

NAN = np.nan


def equal(a: np.ndarray, b: list[float]) -> None:
    np.testing.assert_allclose(a, np.array(b, dtype=float), rtol=1e-14, atol=0)


def test_arithmetic_mean_rescales_weights_over_present_children() -> None:
    x = np.array([[1.0, 2.0, 3.0], [1.0, NAN, 3.0], [NAN, NAN, NAN]])

    equal(arithmetic(x, np.array([1.0, 2.0, 1.0])), [2.0, 2.0, NAN])


def test_weighted_arithmetic_mean() -> None:
    equal(arithmetic(np.array([[10.0, 20.0]]), np.array([3.0, 1.0])), [12.5])


def test_geometric_mean_with_weights() -> None:
    x = np.array([[1.0, 4.0], [2.0, 16.0], [8.0, NAN]])

    equal(geometric(x, np.array([1.0, 1.0])), [2.0, np.sqrt(32.0), 8.0])
    equal(geometric(x[1:2], np.array([1.0, 3.0])), [2**3.25])


def test_geometric_mean_over_a_zero_names_unit_aggregate_child_and_fix() -> None:
    x = np.array([[1.0, 4.0], [0.0, 16.0]])
    ctx = Context("Pillar", ["Goods", "Flights"], ["AUT", "BEL"])

    with pytest.raises(AggregationError) as caught:
        geometric(x, np.array([1.0, 1.0]), ctx)

    message = str(caught.value)
    assert "'Pillar'" in message and "'BEL'" in message and "'Goods'" in message
    assert "range: [1, 100]" in message
    assert isinstance(caught.value, ValueError)


def test_harmonic_mean() -> None:
    equal(harmonic(np.array([[1.0, 4.0], [2.0, NAN]]), np.array([1.0, 1.0])), [1.6, 2.0])


def test_harmonic_mean_refuses_zero() -> None:
    with pytest.raises(AggregationError, match="harmonic mean"):
        harmonic(np.array([[0.0, 4.0]]), np.array([1.0, 1.0]))


def test_power_mean_of_order_two_and_one() -> None:
    x = np.array([[3.0, 4.0]])

    equal(power(x, np.array([1.0, 1.0]), 2), [np.sqrt(12.5)])
    equal(power(x, np.array([1.0, 3.0]), 1), [3.75])
    equal(power(x, np.array([1.0, 1.0]), -1), [harmonic(x, np.array([1.0, 1.0]))[0]])


def test_power_mean_with_negative_order_refuses_zero() -> None:
    with pytest.raises(AggregationError, match="power mean"):
        power(np.array([[0.0, 4.0]]), np.array([1.0, 1.0]), -2)


def test_copeland_counts_pairwise_wins_minus_losses() -> None:
    x = np.array([[3.0, 3.0], [2.0, 1.0], [1.0, 2.0]])

    equal(copeland(x, np.array([1.0, 1.0])), [2, -1, -1])
    equal(copeland(x, np.array([2.0, 1.0])), [2, 0, -2])


def test_outranking_gives_half_weight_to_ties_and_fills_the_lower_triangle() -> None:
    x = np.array([[1.0, 5.0, 2.0], [1.0, 3.0, 4.0]])

    matrix = outranking(x, np.array([1.0, 1.0, 2.0]))

    assert matrix[0, 1] == pytest.approx(0.125 + 0.25)
    assert matrix[1, 0] == pytest.approx(1 - 0.375)
    assert matrix[0, 0] == 0


def test_availability_threshold_sets_sparse_units_to_missing() -> None:
    x = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, NAN, NAN, 4.0], [NAN, NAN, NAN, 4.0]])
    rule = AggregationRule(min_availability=0.5)

    equal(combine(x, np.ones(4), rule, Context()), [2.5, 2.5, NAN])


weights = arrays(np.float64, st.integers(1, 8), elements=st.floats(0.01, 100))


@settings(deadline=None)
@given(weights, st.floats(-1e3, 1e3))
def test_arithmetic_mean_of_a_constant_is_the_constant(w: np.ndarray, c: float) -> None:
    x = np.full((1, w.size), c)

    assert arithmetic(x, w)[0] == pytest.approx(c, rel=1e-12, abs=1e-9)


@settings(deadline=None)
@given(
    arrays(np.float64, (3, 4), elements=st.floats(0.1, 100)), weights.filter(lambda w: w.size == 4)
)
def test_means_are_ordered_harmonic_geometric_arithmetic(x: np.ndarray, w: np.ndarray) -> None:
    h, g, a = harmonic(x, w), geometric(x, w), arithmetic(x, w)

    assert np.all(h <= g * (1 + 1e-12)) and np.all(g <= a * (1 + 1e-12))


def test_replications_on_a_leading_axis_match_one_at_a_time() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(1, 100, size=(4, 6, 3))
    x[1, 2, 0] = np.nan
    w = rng.uniform(0.5, 1.5, size=(4, 1, 3))

    together = geometric(x, w)

    for r in range(4):
        np.testing.assert_allclose(together[r], geometric(x[r], w[r, 0]), rtol=1e-14)

"""Every normaliser against hand-computed values, directions, and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from stocktake.composite import SpecError
from stocktake.composite.normalise import (
    borda,
    distance_to_max,
    distance_to_reference,
    distance_to_target,
    fraction_of_max,
    goalposts,
    minmax,
    normalise,
    percentile_rank,
    rank,
    zscore,
)
from stocktake.composite.spec_normalise import NormaliseSpec

from .conftest import two_pillars

X = np.array([2.0, 4.0, 4.0, 10.0, np.nan])


def equal(a: np.ndarray, b: list[float]) -> None:
    np.testing.assert_allclose(a, np.array(b, dtype=float), rtol=1e-14, atol=0)


def test_minmax_scales_to_the_range_and_keeps_missing() -> None:
    equal(minmax(X, 0, 100), [0, 25, 25, 100, np.nan])
    equal(minmax(X, 1, 100), [1, 1 + 99 / 4, 1 + 99 / 4, 100, np.nan])


def test_zscore_uses_the_sample_standard_deviation() -> None:
    sd = np.std([2, 4, 4, 10], ddof=1)
    equal(zscore(X, 10, 2), [10 + 2 * (v - 5) / sd for v in (2, 4, 4, 10)] + [np.nan])


def test_rank_gives_ties_the_lowest_rank() -> None:
    equal(rank(X), [1, 2, 2, 4, np.nan])
    equal(rank(X, "max"), [1, 3, 3, 4, np.nan])
    equal(rank(X, "average"), [1, 2.5, 2.5, 4, np.nan])
    equal(rank(X, "first"), [1, 2, 3, 4, np.nan])


def test_percentile_rank_runs_from_zero_to_one_over_present_values() -> None:
    equal(percentile_rank(X), [0, 1 / 3, 1 / 3, 1, np.nan])


def test_borda_counts_the_units_beaten() -> None:
    equal(borda(X), [0, 1, 1, 3, np.nan])


def test_distance_to_max_equals_minmax_to_the_unit_interval() -> None:
    equal(distance_to_max(X), [0, 0.25, 0.25, 1, np.nan])


def test_distance_to_reference_is_one_at_the_reference_and_can_be_capped() -> None:
    equal(distance_to_reference(X, 1), [0, 1, 1, 4, np.nan])
    equal(distance_to_reference(X, 1, cap=True), [0, 1, 1, 1, np.nan])


def test_distance_to_target_is_one_at_the_target_and_can_be_capped() -> None:
    equal(distance_to_target(X, 6.0), [0, 0.5, 0.5, 2, np.nan])
    equal(distance_to_target(X, 6.0, cap=True), [0, 0.5, 0.5, 1, np.nan])


def test_fraction_of_max() -> None:
    equal(fraction_of_max(X), [0.2, 0.4, 0.4, 1, np.nan])


def test_goalposts_truncate_then_scale() -> None:
    equal(goalposts(X, 3.0, 8.0, 100), [0, 20, 20, 100, np.nan])
    equal(goalposts(X, 3.0, 8.0, 1, truncate=False), [-0.2, 0.2, 0.2, 1.4, np.nan])


def test_a_column_without_spread_normalises_to_missing() -> None:
    assert np.isnan(minmax(np.array([3.0, 3.0, 3.0]))).all()


def test_normalisers_work_column_by_column_on_a_table() -> None:
    table = np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0]])

    equal(minmax(table, 0, 1)[:, 1], [0, 1, 0.5])
    equal(rank(table)[:, 1], [1, 3, 2])


def test_direction_is_applied_before_normalising() -> None:
    data = two_pillars({"a1": [1.0, 2.0, 5.0], "b1": [1.0, 2.0, 5.0]}, directions={"b1": -1})

    result = normalise(data.indicators(), NormaliseSpec(), data)

    equal(result.values["a1"].to_numpy(), [0, 25, 100])
    equal(result.values["b1"].to_numpy(), [100, 75, 0])
    assert result.details.loc["b1", "direction"] == -1


def test_a_pillar_direction_overrides_its_indicators() -> None:
    data = two_pillars({"a1": [1.0, 2.0, 5.0], "a2": [3.0, 2.0, 1.0], "b1": [1.0, 2.0, 5.0]})
    spec = NormaliseSpec.model_validate({"directions": {"A": -1, "a2": 1}})

    result = normalise(data.indicators(), spec, data)

    equal(result.values["a1"].to_numpy(), [100, 75, 0])
    equal(result.values["a2"].to_numpy(), [100, 50, 0])
    equal(result.values["b1"].to_numpy(), [0, 25, 100])


def test_negative_direction_target_is_measured_from_the_maximum() -> None:
    data = two_pillars(
        {"a1": [10.0, 20.0, 40.0], "b1": [1.0, 2.0, 3.0]},
        directions={"a1": -1},
        extra_meta={"a1": {"Target": 15.0}},
    )
    spec = NormaliseSpec.model_validate(
        {"method": "minmax", "indicators": {"a1": {"method": "distance_to_target"}}}
    )

    result = normalise(data.indicators(), spec, data)

    # (max - x) / (max - target) = (40 - x) / 25
    equal(result.values["a1"].to_numpy(), [1.2, 0.8, 0.0])
    assert result.details.loc["a1", "target"] == 15.0


def test_negative_direction_goalposts_score_the_lower_post_as_best() -> None:
    data = two_pillars(
        {"a1": [0.0, 25.0, 50.0, 80.0], "b1": [1.0, 2.0, 3.0, 4.0]},
        directions={"a1": -1},
        extra_meta={"a1": {"goalpost_lower": 10.0, "goalpost_upper": 60.0}},
    )
    spec = NormaliseSpec.model_validate({"indicators": {"a1": {"method": "goalposts"}}})

    result = normalise(data.indicators(), spec, data)

    equal(result.values["a1"].to_numpy(), [100, 70, 20, 0])


def test_missing_target_names_the_indicator_and_the_fix() -> None:
    data = two_pillars({"a1": [1.0, 2.0], "b1": [1.0, 2.0]})
    spec = NormaliseSpec.model_validate({"method": "distance_to_target"})

    with pytest.raises(SpecError, match="indicator 'a1' has no Target in the metadata"):
        normalise(data.indicators(), spec, data)


def test_reference_unit_must_be_among_the_units() -> None:
    data = two_pillars({"a1": [1.0, 2.0], "b1": [1.0, 2.0]})
    spec = NormaliseSpec.model_validate({"method": "distance_to_reference", "unit": "XX"})

    with pytest.raises(SpecError, match="reference unit 'XX'"):
        normalise(data.indicators(), spec, data)


finite = st.floats(-1e6, 1e6, allow_nan=False)
columns = arrays(np.float64, st.integers(2, 30), elements=finite)


@settings(deadline=None)
@given(columns, st.floats(-100, 100), st.floats(0.5, 100))
def test_minmax_stays_within_its_range(x: np.ndarray, low: float, width: float) -> None:
    y = minmax(x, low, low + width)

    present = y[~np.isnan(y)]
    assert np.all(present >= low - 1e-9 * width) and np.all(present <= low + width * (1 + 1e-9))


@settings(deadline=None)
@given(columns)
def test_percentile_rank_stays_within_zero_and_one(x: np.ndarray) -> None:
    y = percentile_rank(x)

    assert np.all((y[~np.isnan(y)] >= 0) & (y[~np.isnan(y)] <= 1))


@settings(deadline=None)
@given(arrays(np.float64, st.integers(2, 30), elements=st.floats(0.01, 1e3)))
def test_monotone_transforms_keep_ranks_and_minmax_order(x: np.ndarray) -> None:
    transformed = np.log(x) * 3 + 7
    scaled = minmax(x)
    # floating point may merge two nearly equal values; the invariant is about distinct ones
    assume(len(set(transformed)) == len(set(x)) == len(set(scaled)) > 1)

    assert rank(transformed).tolist() == rank(x).tolist()
    assert rank(scaled).tolist() == rank(x).tolist()
    assert borda(transformed).tolist() == borda(x).tolist()


def test_replications_on_a_leading_axis_normalise_each_table_alone() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 10, 4))

    together = zscore(x, 10, 2)

    for r in range(3):
        np.testing.assert_allclose(together[r], zscore(x[r], 10, 2), rtol=1e-14)
    assert rank(x)[2].tolist() == rank(x[2]).tolist()


@pytest.mark.parametrize(
    ("meta", "sentence"),
    [
        ({"goalpost_lower": 60.0, "goalpost_upper": 10.0}, "goalposts lower 60.0 and upper 10.0"),
        ({"goalpost_lower": 10.0, "goalpost_upper": 10.0}, "the lower must be below the upper"),
        ({"goalpost_lower": 10.0}, "needs two goalposts"),
        (
            {"goalpost_lower": 0.0, "goalpost_upper": 1.0, "goalpost_scale": -5.0},
            "goalpost_scale -5; the scale must be above 0",
        ),
    ],
)
def test_goalposts_from_the_metadata_must_be_in_order(
    meta: dict[str, float], sentence: str
) -> None:
    data = two_pillars({"a1": [0.0, 25.0], "b1": [1.0, 2.0]}, extra_meta={"a1": meta})
    spec = NormaliseSpec.model_validate({"indicators": {"a1": {"method": "goalposts"}}})

    with pytest.raises(SpecError, match=f"indicator 'a1' .*{sentence}"):
        normalise(data.indicators(), spec, data)


def test_columns_sharing_a_method_are_normalised_as_they_would_be_alone() -> None:
    data = two_pillars(
        {"a1": [0.0, 25.0, 50.0, 80.0], "a2": [3.0, 1.0, 2.0, 9.0], "b1": [1.0, 2.0, 3.0, 4.0]},
        extra_meta={"a1": {"Target": 60.0}, "a2": {"Target": 5.0}, "b1": {"Target": 2.0}},
    )
    spec = NormaliseSpec.model_validate({"method": "distance_to_target", "cap": True})

    together = normalise(data.indicators(), spec, data)

    for code in ("a1", "a2", "b1"):
        alone = normalise(data.indicators()[[code]], spec, data)
        np.testing.assert_array_equal(together.values[code], alone.values[code])
    assert together.details["target"].tolist() == [60.0, 5.0, 2.0]

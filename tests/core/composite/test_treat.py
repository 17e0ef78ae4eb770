"""The default outlier rule of the reference, on constructed vectors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from stocktake.composite.spec import TreatRule, TreatSpec
from stocktake.composite.treat import (
    kurtosis,
    log_transform,
    passes,
    skewness,
    treat,
    treat_indicator,
    treat_variants,
    winsorise,
)

ONE_TO_TWENTY = [float(v) for v in range(1, 21)]


def coin_tool_log(x: np.ndarray) -> np.ndarray:
    return np.log(x - np.nanmin(x) + 0.01 * (np.nanmax(x) - np.nanmin(x)))


def test_skewness_and_kurtosis_are_the_bias_corrected_sample_statistics() -> None:
    x = np.array([1.0, 2, 2, 3, 7, 11, 30, 4, 5.5])

    assert skewness(x) == pytest.approx(stats.skew(x, bias=False), rel=1e-12)
    assert kurtosis(x) == pytest.approx(stats.kurtosis(x, fisher=True, bias=False), rel=1e-12)


def test_skewness_and_kurtosis_ignore_missing_values() -> None:
    x = np.array([1.0, np.nan, 2, 2, 3, 7, 11, np.nan])

    assert skewness(x) == skewness(x[~np.isnan(x)])
    assert kurtosis(x) == kurtosis(x[~np.isnan(x)])


def test_skewness_needs_three_values_and_kurtosis_four() -> None:
    assert math.isnan(skewness(np.array([1.0, 2.0])))
    assert not math.isnan(skewness(np.array([1.0, 2.0, 4.0])))
    assert math.isnan(kurtosis(np.array([1.0, 2.0, 4.0])))


def test_an_indicator_passes_on_low_kurtosis_even_with_high_skew() -> None:
    x = np.array([*range(1, 11), 100.0, 100.0])

    assert abs(skewness(x)) >= 2
    assert kurtosis(x) < 3.5
    assert passes(x, 2, 3.5) is True
    assert treat_indicator(x, TreatRule()).status == "passed"


def test_the_test_is_undecided_when_skew_is_high_and_kurtosis_unknown() -> None:
    assert passes(np.array([5.0, 5.0, 5.0, 5.0]), 2, 3.5) is None
    assert treat_indicator(np.array([5.0, 5.0, 5.0, 5.0]), TreatRule()).status == "not_tested"


def test_one_high_outlier_takes_the_next_highest_value() -> None:
    x = np.array([*range(1, 11), 100.0])

    result = treat_indicator(x, TreatRule())

    assert result.status == "winsorised"
    assert result.values.tolist() == [*range(1, 11), 10.0]
    assert (result.winsorised, result.high, result.low) == (1, (10,), ())


def test_tied_maxima_move_together_and_count_as_two() -> None:
    x = np.array([*ONE_TO_TWENTY, 100.0, 100.0])

    result = treat_indicator(x, TreatRule())

    assert result.values.tolist() == [*ONE_TO_TWENTY, 20.0, 20.0]
    assert (result.winsorised, result.high) == (2, (20, 21))


def test_low_outliers_are_winsorised_upwards_when_skew_is_negative() -> None:
    x = -np.array([*ONE_TO_TWENTY, 100.0, 100.0])

    result = treat_indicator(x, TreatRule())

    assert result.values.tolist() == [-v for v in [*ONE_TO_TWENTY, 20.0, 20.0]]
    assert (result.winsorised, result.high, result.low) == (2, (), (20, 21))


def test_count_is_the_points_at_the_new_top_not_the_steps_taken() -> None:
    # Three steps: 3000 -> 2000, then both -> 1000, then all three -> 20; each step's count is
    # the number of points at the top, so winmax 3 allows exactly three steps.
    x = np.array([*ONE_TO_TWENTY, 1000.0, 2000.0, 3000.0])

    result = winsorise(x, 3, 2, 3.5)

    assert result.values.tolist() == [*ONE_TO_TWENTY, 20.0, 20.0, 20.0]
    assert (result.count, result.high) == (3, (20, 21, 22))


def test_winsorisation_stops_at_winmax_points() -> None:
    x = np.array([*ONE_TO_TWENTY, 1000.0, 2000.0, 3000.0])

    result = winsorise(x, 2, 2, 3.5)

    assert result.values.tolist() == [*ONE_TO_TWENTY, 1000.0, 1000.0, 1000.0]
    assert result.count == 2
    assert passes(result.values, 2, 3.5) is False


def test_count_adds_the_last_high_and_the_last_low_step() -> None:
    x = np.array([-43.0, -10.0, *range(1, 16), 212.0, 305.0])

    result = winsorise(x, 5, 2, 3.5)

    assert (result.high, result.low) == ((17, 18), (0,))
    assert result.count == 3
    assert result.values[[0, 17, 18]].tolist() == [-10.0, 15.0, 15.0]


def test_log_fallback_transforms_the_original_values_not_the_winsorised_ones() -> None:
    x = np.exp(np.arange(20.0))

    result = treat_indicator(x, TreatRule(winmax=1))

    assert result.status == "log"
    assert result.log and result.winsorised == 0
    np.testing.assert_array_equal(result.values, coin_tool_log(x))


def test_log_fallback_is_kept_even_when_it_still_fails() -> None:
    x = np.array([*ONE_TO_TWENTY, 1000.0, 2000.0, 3000.0])

    result = treat_indicator(x, TreatRule(winmax=2))

    assert result.status == "failed"
    np.testing.assert_array_equal(result.values, coin_tool_log(x))


def test_combine_logs_the_winsorised_values() -> None:
    x = 10 ** (np.arange(40) / 4)
    win = winsorise(x, 3, 2, 3.5)

    result = treat_indicator(x, TreatRule(winmax=3, combine=True))

    assert result.log and result.high == (37, 38, 39)
    np.testing.assert_array_equal(result.values, coin_tool_log(win.values))


def test_winsorise_only_keeps_a_still_failing_indicator_winsorised() -> None:
    x = np.array([*ONE_TO_TWENTY, 1000.0, 2000.0, 3000.0])

    result = treat_indicator(x, TreatRule(method="winsorise", winmax=2))

    assert result.status == "failed" and not result.log
    assert result.values.tolist() == [*ONE_TO_TWENTY, 1000.0, 1000.0, 1000.0]


def test_log_method_transforms_a_failing_indicator_straight_away() -> None:
    x = np.array([*range(1, 11), 100.0])

    result = treat_indicator(x, TreatRule(method="log"))

    assert result.log and result.winsorised == 0
    np.testing.assert_array_equal(result.values, coin_tool_log(x))


def test_method_none_leaves_values_alone() -> None:
    x = np.array([*range(1, 11), 100.0])

    assert treat_indicator(x, TreatRule(method="none")).values.tolist() == x.tolist()


def test_missing_values_stay_missing_through_winsorisation_and_log() -> None:
    x = np.array([np.nan, *range(1, 11), 100.0, np.nan])

    winsorised = treat_indicator(x, TreatRule()).values
    logged = log_transform(x)

    assert np.isnan(winsorised[[0, 12]]).all() and winsorised[11] == 10.0
    assert np.isnan(logged[[0, 12]]).all()


def test_treat_logs_each_moved_point_with_its_unit() -> None:
    values = pd.DataFrame(
        {"x": [*ONE_TO_TWENTY[:19], 1000.0], "y": np.exp(np.arange(20.0))},
        index=pd.Index([f"U{i}" for i in range(20)], name="uCode"),
    )

    result = treat(values, lambda code: TreatRule(winmax=1))

    moved = result.points[result.points["iCode"] == "x"]
    assert moved.to_dict("records") == [
        {
            "uCode": "U19",
            "iCode": "x",
            "treatment": "winsorised_high",
            "original": 1000.0,
            "treated": 19.0,
        }
    ]
    assert result.details.loc["x", "status"] == "winsorised"
    assert set(result.points.loc[result.points["iCode"] == "y", "treatment"]) == {"log"}


def skewed_columns() -> pd.DataFrame:
    """High and low outliers, tied extremes, a column that ends in the log fallback, gaps."""
    rng = np.random.default_rng(21)
    n = 40
    cols = {
        "right": rng.lognormal(0, 1.3, n),
        "left": -rng.lognormal(0, 1.1, n),
        "tied_top": np.r_[rng.normal(10, 1, n - 4), [40.0, 40.0, 40.0, 25.0]],
        "tied_bottom": np.r_[rng.normal(10, 1, n - 3), [-30.0, -30.0, -12.0]],
        "heavy": rng.pareto(0.8, n),
        "normal": rng.normal(0, 1, n),
        "constant": np.full(n, 3.0),
    }
    frame = pd.DataFrame(cols)
    frame.iloc[[2, 9], [0, 4]] = np.nan
    return frame


@pytest.mark.parametrize("method", ["winsorise_then_log", "winsorise", "log", "none"])
@pytest.mark.parametrize("combine", [False, True])
def test_one_walk_for_several_limits_gives_what_each_limit_gives_alone(
    method: str, combine: bool
) -> None:
    values = skewed_columns()
    rules = [
        TreatRule(method=method, winmax=k, combine=combine)  # type: ignore[arg-type]
        for k in (0, 1, 2, 3, 5, None)
    ]

    together = treat_variants(values, [lambda code, rule=rule: rule for rule in rules])

    for rule, result in zip(rules, together, strict=True):
        alone = [treat_indicator(values[c].to_numpy(), rule) for c in values.columns]
        np.testing.assert_array_equal(
            result.values.to_numpy(), np.column_stack([a.values for a in alone])
        )
        assert list(result.details["status"]) == [a.status for a in alone]
        assert list(result.details["winsorised"]) == [a.winsorised for a in alone]


def test_per_indicator_rules_are_honoured_when_treated_together() -> None:
    values = skewed_columns()
    specs = [
        TreatSpec.model_validate(
            {"winmax": k, "indicators": {"right": "none", "left": {"skew": 1.0}}}
        )
        for k in (1, 4)
    ]

    together = treat_variants(values, [spec.rule_for for spec in specs])

    for spec, result in zip(specs, together, strict=True):
        assert result.values.equals(treat(values, spec.rule_for).values)
    assert together[0].details.loc["right", "status"] == "none"

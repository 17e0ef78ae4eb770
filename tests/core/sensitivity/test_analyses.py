"""Uncertainty and sensitivity analyses: rank statistics, targets, seeds."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.spec import BuildSpec, parse_spec
from stocktake.sensitivity import (
    VaryError,
    VarySpec,
    parse_vary,
    sensitivity_analysis,
    uncertainty_analysis,
)
from stocktake.sensitivity.uncertainty import rank_statistics


def podium() -> CompositeData:
    """Five units; 'Best' leads every indicator and 'Worst' trails every one, so no choice of
    weights, normalisation or mean can move them."""
    values = {
        "Best": [9.0, 9.5, 9.8, 9.9],
        "B": [5.0, 2.0, 6.0, 3.0],
        "C": [3.0, 6.0, 2.5, 5.0],
        "D": [4.0, 4.0, 4.0, 4.0],
        "Worst": [1.0, 1.0, 1.0, 1.0],
    }
    units = pd.DataFrame(
        [[code, *row] for code, row in values.items()], columns=["uCode", "a", "b", "c", "d"]
    )
    meta = pd.DataFrame(
        [
            ["a", 1, "P", 1, 1, "Indicator"],
            ["b", 1, "P", 1, 1, "Indicator"],
            ["c", 1, "Q", 1, 1, "Indicator"],
            ["d", 1, "Q", 1, 1, "Indicator"],
            ["P", 2, "Index", 1, 1, "Aggregate"],
            ["Q", 2, "Index", 1, 1, "Aggregate"],
            ["Index", 3, None, 1, 1, "Aggregate"],
        ],
        columns=["iCode", "Level", "Parent", "Weight", "Direction", "Type"],
    )
    return from_frames(units, meta)


PODIUM_SPEC = {"normalise": {"method": "minmax", "range": [1, 100]}, "aggregate": {}}
PODIUM_VARY = {
    "vary": {
        "normalise": {
            "values": [
                {"method": "minmax", "range": [1, 100]},
                {"method": "zscore", "mean": 10, "sd": 2},
            ]
        },
        "weights": {"noise": 0.9},
        "aggregate.method": {"values": ["arithmetic", "geometric"]},
    }
}


def test_a_unit_that_always_leads_has_the_interval_one_to_one() -> None:
    spec = parse_spec(PODIUM_SPEC)

    result = uncertainty_analysis(
        podium(), spec, parse_vary(PODIUM_VARY, spec), n=300, random_state=0
    )

    table = result.to_frame()
    assert table.loc["Best"].tolist()[:5] == [1.0, 1.0, 1.0, 1.0, 1.0]
    assert table.loc["Worst"].tolist()[:5] == [5.0, 5.0, 5.0, 5.0, 5.0]
    middle = table.loc[["B", "C", "D"]]
    assert (middle["p05"] >= 2).all() and (middle["p95"] <= 4).all()
    assert list(table.columns) == ["nominal", "mean", "median", "p05", "p95", "score"]
    assert result.ranks.shape == (300, 5) and result.settings.shape == (300, 2)


def test_rank_statistics_are_those_of_the_replications(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    result = uncertainty_analysis(index, spec, jrc_vary, n=50, random_state=2)

    np.testing.assert_allclose(result.mean, result.ranks.mean(axis=0), rtol=1e-15)
    np.testing.assert_array_equal(result.p05, np.percentile(result.ranks, 5, axis=0))
    np.testing.assert_array_equal(result.median, np.median(result.ranks, axis=0))
    np.testing.assert_array_equal(result.p95, np.percentile(result.ranks, 95, axis=0))
    assert np.all(result.p05 <= result.median) and np.all(result.median <= result.p95)
    assert sorted(result.nominal_ranks.tolist()) == list(range(1, 25))


def test_the_same_seed_gives_the_same_analysis_and_seed_zero_is_valid(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    first = uncertainty_analysis(index, spec, jrc_vary, n=30, random_state=0)
    again = uncertainty_analysis(index, spec, jrc_vary, n=30, random_state=0)
    other = uncertainty_analysis(index, spec, jrc_vary, n=30, random_state=1)

    np.testing.assert_array_equal(first.scores, again.scores)
    assert first.to_frame().equals(again.to_frame())
    assert not np.array_equal(first.scores, other.scores)


def test_sensitivity_finds_the_only_input_that_matters() -> None:
    data = podium()
    spec = parse_spec(PODIUM_SPEC)
    vary = parse_vary(
        {
            "vary": {
                "weights": {"noise": 0.9},
                "rank.ties": {"values": ["min", "max"]},
            }
        },
        spec,
    )

    result = sensitivity_analysis(
        data, spec, vary, n=256, target="score:B", bootstrap=50, random_state=0
    )

    table = result.to_frame()
    assert table.loc["rank.ties", "S"] == 0 and table.loc["rank.ties", "ST"] == 0
    # With one effective input y_ABi is y_B, so both estimators are ratios of sample moments that
    # equal 1 in expectation. ST's sampling error at N = 256 is a few hundredths; S's is larger,
    # since mean(y_B·(y_B − y_A)) carries the square of the score's mean (about 50 here).
    assert table.loc["weights", "ST"] == pytest.approx(1.0, abs=0.1)
    assert table.loc["weights", "S"] > 0.5
    assert result.y.shape == (256 * 4,)
    assert result.uncertainty.n == 512


def test_the_jrc_sensitivity_analysis_is_repeatable(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    runs = [
        sensitivity_analysis(index, spec, jrc_vary, n=40, bootstrap=30, random_state=7)
        for _ in range(2)
    ]

    table = runs[0].to_frame()
    assert table.equals(runs[1].to_frame())
    assert list(table.index) == list(jrc_vary.names)
    assert (table["ST"] >= 0).all()
    assert (table["S_low"] <= table["S_high"]).all()


@pytest.mark.parametrize("target", ["rank:U0003", "score:U0003", "mean_rank_shift"])
def test_each_target_is_accepted(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec, target: str
) -> None:
    result = sensitivity_analysis(
        index, spec, jrc_vary, n=8, bootstrap=0, target=target, random_state=0
    )

    if target.startswith("rank"):
        assert set(np.unique(result.y)) <= set(range(1, 25))
    assert result.target == target


@pytest.mark.parametrize(
    ("target", "message"),
    [("rank", "not one of"), ("median:U0001", "not one of"), ("rank:Atlantis", "'Atlantis'")],
)
def test_a_bad_target_raises_one_sentence(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec, target: str, message: str
) -> None:
    with pytest.raises(VaryError, match=message):
        sensitivity_analysis(index, spec, jrc_vary, n=4, target=target)


half_ranks = arrays(
    np.float64,
    st.tuples(st.integers(1, 40), st.integers(1, 6)),
    elements=st.one_of(st.just(np.nan), st.integers(2, 16).map(lambda k: k / 2)),
)


@settings(deadline=None, max_examples=80)
@given(half_ranks)
def test_rank_statistics_are_numpys_with_half_ranks_and_units_never_ranked(
    ranks: np.ndarray,
) -> None:
    mean, p05, median, p95 = rank_statistics(ranks)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanpercentile(ranks, [5, 50, 95], axis=0)
        np.testing.assert_allclose(mean, np.nanmean(ranks, axis=0), rtol=1e-15)
    np.testing.assert_array_equal(np.stack([p05, median, p95]), expected)

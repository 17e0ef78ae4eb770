"""The vectorised replications agree with full builds of the same settings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import AggregationError, from_framework
from stocktake.composite.build import build
from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.spec import BuildSpec, parse_spec
from stocktake.frameworks import Framework
from stocktake.sensitivity import (
    IndexModel,
    VaryError,
    VarySpec,
    parse_vary,
    uncertainty_analysis,
)

from .conftest import three_levels

TOLERANCE = 1e-9


def assert_agrees_with_builds(
    data: CompositeData, spec: BuildSpec, vary: VarySpec, *, runs: int, seed: int
) -> None:
    """Draw ``runs`` replications; each must equal a full build of its own spec."""
    model = IndexModel(data, spec, vary)
    u = np.random.default_rng(seed).random((runs, sum(model.widths)))

    nominal, outputs = model.run(u)

    code = model.code
    full = build(data, spec)
    np.testing.assert_allclose(nominal.scores[0], full.aggregated[code], rtol=0, atol=TOLERANCE)
    np.testing.assert_array_equal(nominal.ranks[0], full.ranks[code])
    for r in range(runs):
        one = build(data, model.replication_spec(u[r]))
        scores = one.aggregated[code].reindex(model.units).to_numpy()
        ranks = one.ranks[code].reindex(model.units).to_numpy()
        np.testing.assert_allclose(outputs.scores[r], scores, rtol=0, atol=TOLERANCE)
        np.testing.assert_array_equal(outputs.ranks[r], ranks)


def test_jrc_replications_equal_full_builds(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    assert_agrees_with_builds(index, spec, jrc_vary, runs=10, seed=1)


def uneven_index() -> CompositeData:
    """Four levels with a skipped one: i7 sits directly under P1, P1 and P2 under Index;
    a group column, gaps, a unit with little data, a zero and a negative direction."""
    rng = np.random.default_rng(8)
    units = pd.DataFrame({"uCode": [f"C{k:02d}" for k in range(30)]})
    units["Region"] = ["north" if k % 3 else "south" for k in range(30)]
    values = rng.lognormal(1.0, 0.9, size=(30, 10)) + 0.5
    values[rng.random(values.shape) < 0.08] = np.nan
    values[5, :7] = np.nan
    values[4, 8] = 0.0
    for j in range(10):
        units[f"i{j + 1}"] = values[:, j]
    parents = ["S1"] * 4 + ["S2"] * 2 + ["P1"] + ["P2"] * 3
    meta = [
        {
            "iCode": f"i{j + 1}",
            "Level": 1,
            "Parent": parents[j],
            "Weight": 1 + j % 3,
            "Direction": -1 if j == 2 else 1,
            "Type": "Indicator",
        }
        for j in range(10)
    ]
    meta += [
        {
            "iCode": "S1",
            "Level": 2,
            "Parent": "P1",
            "Weight": 2,
            "Direction": 1,
            "Type": "Aggregate",
        },
        {
            "iCode": "S2",
            "Level": 2,
            "Parent": "P1",
            "Weight": 1,
            "Direction": 1,
            "Type": "Aggregate",
        },
        {
            "iCode": "P1",
            "Level": 3,
            "Parent": "Index",
            "Weight": 1,
            "Direction": 1,
            "Type": "Aggregate",
        },
        {
            "iCode": "P2",
            "Level": 3,
            "Parent": "Index",
            "Weight": 1,
            "Direction": 1,
            "Type": "Aggregate",
        },
        {
            "iCode": "Index",
            "Level": 4,
            "Parent": None,
            "Weight": 1,
            "Direction": 1,
            "Type": "Aggregate",
        },
        {
            "iCode": "Region",
            "Level": None,
            "Parent": None,
            "Weight": None,
            "Direction": None,
            "Type": "Group",
        },
    ]
    return from_frames(units, pd.DataFrame(meta))


UNEVEN_SPEC: dict[str, Any] = {
    "impute": {"method": "mean"},
    "screen": {"min_availability": 0.6},
    "treat": {"winmax": 3},
    "normalise": {"method": "minmax", "range": [1, 100]},
    "aggregate": {"method": "arithmetic", "levels": {3: {"method": "geometric"}}},
}

UNEVEN_VARY: dict[str, Any] = {
    "vary": {
        "impute": {
            "values": [
                {"method": "mean"},
                {"method": "median", "by_group": "Region"},
                {"method": "none"},
            ]
        },
        "screen.min_availability": {"values": [0.6, 0.95]},
        "treat.winmax": {"values": [0, 1, 2, 5]},
        "treat.skew": {"range": [1.0, 2.5]},
        "normalise": {
            "values": [
                {"method": "minmax", "range": [1, 100]},
                {"method": "zscore", "mean": 50, "sd": 5},
                {
                    "method": "minmax",
                    "range": [1, 100],
                    "indicators": {"i3": {"method": "rank"}},
                    "directions": {"P2": -1},
                },
            ]
        },
        "weights.use": {"values": ["meta", "equal"]},
        "weights": {"noise": 0.3, "levels": [1, 3]},
        "aggregate.levels.3": {
            "values": [
                {"method": "geometric"},
                {"method": "power", "p": 0.5},
                {"method": "harmonic"},
                {"method": "arithmetic", "min_availability": 0.7},
            ]
        },
        "aggregate.groups.P2.method": {"values": ["arithmetic", "copeland", "geometric"]},
        "rank.ties": {"values": ["min", "max"]},
    }
}


def test_every_stage_and_method_agrees_with_full_builds_on_an_uneven_tree() -> None:
    data = uneven_index()
    spec = parse_spec(UNEVEN_SPEC)
    vary = parse_vary(UNEVEN_VARY, spec)

    assert_agrees_with_builds(data, spec, vary, runs=12, seed=4)


def test_a_power_mean_varied_continuously_agrees_with_full_builds(index: CompositeData) -> None:
    spec = parse_spec(
        {
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": "power", "p": 1},
        }
    )
    vary = parse_vary(
        {"vary": {"aggregate.p": {"range": [-2.0, 3.0]}, "weights": {"noise": 0.2}}}, spec
    )

    assert_agrees_with_builds(index, spec, vary, runs=6, seed=2)


def test_a_switched_method_drops_the_old_methods_settings_and_agrees_with_full_builds(
    index: CompositeData,
) -> None:
    spec = parse_spec(
        {
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": "power", "p": 2},
        }
    )
    vary = parse_vary(
        {
            "vary": {
                "normalise.method": {"values": ["minmax", "rank"]},
                "aggregate.method": {"values": ["power", "geometric"]},
            }
        },
        spec,
    )
    model = IndexModel(index, spec, vary)
    switched = parse_spec({"normalise": {"method": "rank"}, "aggregate": {"method": "geometric"}})
    u = np.array([[0.9, 0.9]])

    _, outputs = model.run(u)

    assert model.replication_spec(u[0]) == switched
    full = build(index, switched)
    scores = full.aggregated[model.code].reindex(model.units).to_numpy()
    np.testing.assert_allclose(outputs.scores[0], scores, rtol=0, atol=TOLERANCE)
    np.testing.assert_array_equal(outputs.ranks[0], full.ranks[model.code].reindex(model.units))
    assert_agrees_with_builds(index, spec, vary, runs=8, seed=5)


def test_an_indicator_can_be_the_analysed_code(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    model = IndexModel(index, spec, jrc_vary, code="i01")

    nominal, _ = model.run(np.random.default_rng(0).random((3, sum(model.widths))))

    np.testing.assert_allclose(nominal.scores[0], build(index, spec).aggregated["i01"], atol=1e-12)


def test_a_geometric_mean_over_zero_names_the_unit_and_the_replication(
    index: CompositeData,
) -> None:
    spec = parse_spec({"normalise": {"method": "minmax", "range": [0, 100]}, "aggregate": {}})
    vary = parse_vary({"vary": {"aggregate.method": {"values": ["arithmetic", "geometric"]}}}, spec)
    model = IndexModel(index, spec, vary)
    u = np.array([[0.1], [0.9]])

    with pytest.raises(
        AggregationError,
        match=r"geometric mean of 'P\d' for unit '\w+' meets the "
        r"value 0 .*replication 2: aggregate.method = 'geometric'",
    ):
        model.run(u)


def test_a_spec_without_aggregation_or_a_varied_time_is_refused(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    with pytest.raises(VaryError, match="no 'aggregate' stage"):
        IndexModel(index, parse_spec({"normalise": {}}), jrc_vary)
    with pytest.raises(VaryError, match="'time' cannot be varied"):
        IndexModel(index, spec, parse_vary({"vary": {"time": {"values": [1, 2]}}}))
    with pytest.raises(VaryError, match="'Nowhere' is not an indicator or aggregate"):
        IndexModel(index, spec, jrc_vary, code="Nowhere")


def test_chunks_of_any_size_give_the_same_outputs(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    u = np.random.default_rng(3).random((40, sum(IndexModel(index, spec, jrc_vary).widths)))

    whole = IndexModel(index, spec, jrc_vary).run(u)[1]
    small = IndexModel(index, spec, jrc_vary, chunk_bytes=1).run(u)[1]

    np.testing.assert_array_equal(whole.ranks, small.ranks)
    np.testing.assert_allclose(whole.scores, small.scores, rtol=0, atol=1e-12)


def test_a_stocktake_assessment_can_be_analysed(mini: Framework) -> None:
    """Cities' points on a framework, through the build's converter: an uneven tree."""
    ids = [indicator.id for indicator in mini.indicators()]
    rng = np.random.default_rng(0)
    points = pd.DataFrame(
        rng.uniform(0, 4, size=(8, len(ids))), index=[f"C{k}" for k in range(8)], columns=ids
    )
    data = from_framework(mini, points)
    spec = parse_spec({"normalise": {"method": "minmax", "range": [1, 100]}, "aggregate": {}})
    vary = parse_vary(
        {
            "vary": {
                "weights": {"noise": 0.25},
                "aggregate.method": {"values": ["arithmetic", "geometric"]},
            }
        },
        spec,
    )

    assert_agrees_with_builds(data, spec, vary, runs=5, seed=0)


def test_a_unit_without_data_in_a_pillar_is_missing_there_in_every_replication() -> None:
    """Four units, i1 and i2 under P1, i3 under P2, i3 missing for A: A has no P2 score in the
    build, and none in any replication, while its index stands on P1 alone."""
    units = pd.DataFrame(
        {
            "uCode": ["A", "B", "C", "D"],
            "i1": [1.0, 2.0, 3.0, 4.0],
            "i2": [4.0, 1.0, 3.0, 2.0],
            "i3": [np.nan, 5.0, 1.0, 3.0],
        }
    )
    data = three_levels(units, {"i1": "P1", "i2": "P1", "i3": "P2"})
    spec = parse_spec(
        {
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": "arithmetic"},
        }
    )
    vary = parse_vary({"vary": {"weights": {"noise": 0.25}}}, spec)
    built = build(data, spec).aggregated
    assert np.isnan(built.at["A", "P2"]) and built.at["A", "Index"] == built.at["A", "P1"]

    pillar = uncertainty_analysis(data, spec, vary, n=3, code="P2", random_state=0)
    index = uncertainty_analysis(data, spec, vary, n=3, random_state=0)

    assert np.isnan(pillar.scores[:, 0]).all() and np.isnan(pillar.ranks[:, 0]).all()
    expected = np.tile(built["P2"].to_numpy()[1:], (3, 1))
    np.testing.assert_allclose(pillar.scores[:, 1:], expected, rtol=1e-14)
    assert not np.isnan(index.scores).any()
    assert_agrees_with_builds(data, spec, vary, runs=3, seed=0)

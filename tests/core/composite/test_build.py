"""The whole build on the fictional network: stages, records, re-runs and time points."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import (
    STAGE_TABLES,
    AggregationError,
    CompositeData,
    SpecError,
    build,
    from_frames,
)

SPEC = {
    "denominate": True,
    "impute": {"method": "mean", "by_group": "Region"},
    "screen": {"min_availability": 0.9},
    "treat": {"winmax": 5},
    "normalise": {"method": "minmax", "range": [0, 100]},
    "aggregate": {"method": "arithmetic"},
}


def test_every_stage_table_has_the_units_and_codes_of_its_stage(cities: CompositeData) -> None:
    result = build(cities, SPEC)

    for name in STAGE_TABLES[:-1]:
        assert list(result.stage(name).columns) == list(cities.indicator_codes)
    assert list(result.aggregated.columns) == [
        *cities.indicator_codes,
        "Environment",
        "Services",
        "Index",
    ]
    assert list(result.ranks.columns) == list(result.aggregated.columns)
    assert len(result.aggregated) == 8


def test_the_index_is_the_weighted_mean_of_its_pillars(cities: CompositeData) -> None:
    result = build(cities, SPEC)
    agg = result.aggregated

    env = (agg["Green"] + agg["Trees"] + 2 * agg["Air"]) / 4
    np.testing.assert_allclose(agg["Environment"], env, rtol=1e-14)
    np.testing.assert_allclose(agg["Index"], (agg["Environment"] + agg["Services"]) / 2, rtol=1e-14)


def test_the_outlier_is_winsorised_and_logged(cities: CompositeData) -> None:
    result = build(cities, SPEC)

    assert result.treatment is not None
    assert result.treatment.points.to_dict("records") == [
        {
            "uCode": "GVA",
            "iCode": "Budget",
            "treatment": "winsorised_high",
            "original": 450.0,
            "treated": 95.0,
        }
    ]
    assert result.ranks.at["GVA", "Budget"] == result.ranks.at["BCN", "Budget"] == 1.0


def test_skipped_stages_pass_values_through(cities: CompositeData) -> None:
    result = build(cities, {"normalise": {}, "aggregate": {}})

    for name in ("denominated", "imputed", "screened", "treated"):
        assert result.stage(name).equals(result.raw)
    assert [r.stage for r in result.log if r.ran] == ["normalise", "weights", "aggregate", "rank"]


def test_missing_children_are_left_out_of_the_mean(cities: CompositeData) -> None:
    result = build(cities, {"normalise": {}, "aggregate": {}})
    agg = result.aggregated

    assert np.isnan(agg.at["GVA", "Air"])
    assert agg.at["GVA", "Environment"] == (agg.at["GVA", "Green"] + agg.at["GVA", "Trees"]) / 2


def test_rebuild_changes_one_setting(cities: CompositeData) -> None:
    first = build(cities, SPEC)

    second = first.rebuild({"aggregate.levels": {"3": {"method": "power", "p": 2}}})

    assert second.aggregated["Services"].equals(first.aggregated["Services"])
    env, serv = second.aggregated["Environment"], second.aggregated["Services"]
    expected = np.sqrt((env**2 + serv**2) / 2)
    np.testing.assert_allclose(second.aggregated["Index"], expected, rtol=1e-14)
    assert second.spec.aggregate is not None and second.spec.aggregate.rule_for("Index", 3).p == 2


def test_geometric_mean_after_minmax_to_zero_says_what_to_change(cities: CompositeData) -> None:
    with pytest.raises(AggregationError, match=r"geometric mean of 'Environment' for unit 'BCN'"):
        build(cities, {"normalise": {}, "aggregate": {"method": "geometric"}})


def test_spec_codes_the_data_lacks_are_named(cities: CompositeData) -> None:
    with pytest.raises(SpecError, match=r"aggregate\.groups names 'Pillar9'"):
        build(cities, {"aggregate": {"groups": {"Pillar9": {"method": "geometric"}}}})
    with pytest.raises(SpecError, match=r"treat\.indicators names 'Gren'"):
        build(cities, {"treat": {"indicators": {"Gren": "none"}}})


def test_result_table_lists_units_best_first(cities: CompositeData) -> None:
    table = build(cities, SPEC).to_frame()

    assert list(table.columns) == ["Index", "Index_rank"]
    assert table["Index_rank"].tolist() == sorted(table["Index_rank"].tolist())


def panel() -> CompositeData:
    units = pd.DataFrame(
        {"uCode": ["A", "B", "A", "B"], "Time": [2020, 2020, 2021, 2021], "x": [1, 2, 5, 3]}
    )
    meta = pd.DataFrame(
        [
            {
                "iCode": "x",
                "Level": 1,
                "Parent": None,
                "Direction": 1,
                "Weight": 1,
                "Type": "Indicator",
            }
        ]
    )
    return from_frames(units, meta)


def test_panel_data_needs_a_time_point() -> None:
    with pytest.raises(SpecError, match=r"several Time values \(2020, 2021\)"):
        build(panel(), {})


@pytest.mark.parametrize("time", [2021, "2021"])
def test_a_time_point_selects_its_rows(time: int | str) -> None:
    result = build(panel(), {"time": time})

    assert result.raw["x"].tolist() == [5.0, 3.0]
    assert result.ranks["x"].tolist() == [1.0, 2.0]


def test_screening_away_every_unit_says_what_to_change(cities: CompositeData) -> None:
    with pytest.raises(SpecError, match="screening removed every unit"):
        build(cities, {"screen": {"exclude": list(cities.units.index)}, "normalise": {}})

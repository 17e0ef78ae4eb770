"""Denominate, impute and screen on hand-checked tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import CompositeData, CompositeError, SpecError
from stocktake.composite.denominate import denominate, denominate_stage
from stocktake.composite.impute import impute, impute_stage
from stocktake.composite.screen import data_availability, screen
from stocktake.composite.spec import DenominateSpec, ImputeSpec, ScreenSpec

NAN = np.nan
UNITS = pd.Index(["A", "B", "C", "D"], name="uCode")


def test_denominate_divides_by_the_scaled_denominator() -> None:
    values = pd.DataFrame({"x": [10.0, 20.0, NAN, 5.0]}, index=UNITS)
    sizes = pd.DataFrame({"pop": [2.0, 4.0, 1.0, NAN]}, index=UNITS)

    out = denominate(values, sizes, {"x": "pop"}, {"x": 1000})

    np.testing.assert_array_equal(out["x"], [5000.0, 5000.0, NAN, NAN])


def test_a_zero_denominator_names_the_unit() -> None:
    values = pd.DataFrame({"x": [10.0, 20.0, 1.0, 5.0]}, index=UNITS)
    sizes = pd.DataFrame({"pop": [2.0, 0.0, 1.0, 1.0]}, index=UNITS)

    with pytest.raises(CompositeError, match="unit 'B' has pop = 0, so 'x' cannot be divided"):
        denominate(values, sizes, {"x": "pop"})


def test_denominate_stage_uses_the_metadata_denominator(cities: CompositeData) -> None:
    result = denominate_stage(cities.indicators(), DenominateSpec(), cities)

    assert result.values.at["AMS", "Waste"] == 1200 / 870
    assert result.values.at["AMS", "Green"] == 32
    assert result.details.to_dict("index") == {
        "Waste": {"Denominator": "Population", "ScaleFactor": 1.0}
    }


def test_mean_and_median_imputation() -> None:
    values = pd.DataFrame({"x": [1.0, 2.0, 6.0, NAN]}, index=UNITS)

    assert impute(values, "mean").at["D", "x"] == 3.0
    assert impute(values, "median").at["D", "x"] == 2.0


def test_group_imputation_uses_the_units_of_the_same_group() -> None:
    values = pd.DataFrame({"x": [1.0, 3.0, 10.0, NAN, NAN]}, index=[*UNITS, "E"])
    groups = pd.Series(["n", "n", "s", "n", None], index=values.index)

    out = impute(values, "mean", groups)

    assert out["x"].tolist()[:4] == [1.0, 3.0, 10.0, 2.0]
    assert np.isnan(out.at["E", "x"])


def test_impute_stage_records_each_imputed_point(cities: CompositeData) -> None:
    result = impute_stage(cities.indicators(), ImputeSpec(by_group="Region"), cities)

    assert result.values.at["CPH", "Budget"] == (80 + 60 + 55 + 70) / 4
    assert result.values.at["GVA", "Air"] == (33 + 28) / 2
    assert result.points.to_dict("records") == [
        {"uCode": "CPH", "iCode": "Budget", "value": 66.25},
        {"uCode": "GVA", "iCode": "Air", "value": 30.5},
    ]
    assert int(result.details["imputed"].sum()) == 2


def test_impute_by_an_unknown_group_is_named(cities: CompositeData) -> None:
    with pytest.raises(SpecError, match=r"impute\.by_group is 'Continent'"):
        impute_stage(cities.indicators(), ImputeSpec(by_group="Continent"), cities)


def test_availability_and_nonzero_share_per_unit() -> None:
    values = pd.DataFrame({"x": [1.0, NAN, 0.0, NAN], "y": [1.0, 0.0, 0.0, NAN]}, index=UNITS)

    table = data_availability(values)

    assert table["availability"].tolist() == [1.0, 0.5, 1.0, 0.0]
    assert table["nonzero"].tolist()[:3] == [1.0, 0.0, 0.0]


def test_screen_drops_units_below_the_threshold_unless_forced() -> None:
    values = pd.DataFrame({"x": [1.0, NAN, 3.0, NAN], "y": [1.0, 2.0, NAN, NAN]}, index=UNITS)

    result = screen(values, ScreenSpec(min_availability=0.5, include=("D",), exclude=("A",)))

    assert list(result.values.index) == ["B", "C", "D"]
    assert result.removed == ("A",)


def test_screen_by_nonzero_share() -> None:
    values = pd.DataFrame({"x": [1.0, 0.0, 3.0, 4.0], "y": [1.0, 0.0, 0.0, 2.0]}, index=UNITS)

    result = screen(values, ScreenSpec(min_availability=0, min_nonzero=0.6))

    assert list(result.values.index) == ["A", "D"]

"""Units carry their bounds: a share is 0–100, a count a whole number of 0 or more, an amount of
0 or more, a change any number; the CBI's measured indicators read theirs from their units."""

from __future__ import annotations

import pytest

from stocktake.answers import ValueOutOfBoundsError, indicator_points, measured_value
from stocktake.errors import AnswerError
from stocktake.frameworks import BandedIndicator, Framework, get_framework
from stocktake.frameworks.schema import UNIT_BOUNDS, NumericIndicator


@pytest.fixture(scope="module")
def cbi() -> Framework:
    return get_framework("cbi-2014")


def _measured(cbi: Framework, indicator_id: str) -> BandedIndicator:
    indicator = cbi.indicator(indicator_id)
    assert isinstance(indicator, BandedIndicator)
    return indicator


@pytest.mark.parametrize("value", ["150", "-5", "\u22125", "100.01", 150, -0.1])
def test_share_of_city_area_refuses_values_outside_0_to_100(cbi: Framework, value: object) -> None:
    with pytest.raises(ValueOutOfBoundsError, match=r"from 0 to 100 \(% of city area\)") as caught:
        indicator_points(cbi.indicator("CBI-01"), value)  # type: ignore[arg-type]
    assert caught.value.bounds == UNIT_BOUNDS["share"]
    assert caught.value.column == "value"


@pytest.mark.parametrize(("value", "points"), [("0", 0.0), ("100", 4.0), ("12.5", 2.0)])
def test_share_takes_its_bounds_themselves(cbi: Framework, value: str, points: float) -> None:
    assert indicator_points(cbi.indicator("CBI-01"), value) == points


@pytest.mark.parametrize(
    ("indicator_id", "kind"),
    [
        ("CBI-01", "share"),
        ("CBI-10", "share"),
        ("CBI-15", "share"),
        ("CBI-02", "amount"),
        ("CBI-13", "amount"),
        ("CBI-03", "count"),
        ("CBI-16", "count"),
        ("CBI-23", "count"),
        ("CBI-14", "amount"),
        ("CBI-04", "change"),
        ("CBI-08", "change"),
    ],
)
def test_cbi_unit_kinds_are_read_from_units_and_bands(
    cbi: Framework, indicator_id: str, kind: str
) -> None:
    assert _measured(cbi, indicator_id).value_kind == kind


def test_area_refuses_a_negative_value_and_takes_a_large_one(cbi: Framework) -> None:
    with pytest.raises(ValueOutOfBoundsError, match=r"of 0 or more \(ha\)"):
        measured_value(_measured(cbi, "CBI-02"), "-1")
    assert measured_value(_measured(cbi, "CBI-02"), "1,234,567.5") == 1234567.5


def test_species_change_may_be_negative_and_scores_nothing(cbi: Framework) -> None:
    assert indicator_points(cbi.indicator("CBI-04"), "-3") == 0.0


def test_counted_species_refuse_decimals_and_negatives(cbi: Framework) -> None:
    species = _measured(cbi, "CBI-03")
    assert measured_value(species, "47") == 47.0
    with pytest.raises(ValueOutOfBoundsError, match=r"whole number \(species\)"):
        measured_value(species, "47.5")
    with pytest.raises(ValueOutOfBoundsError, match="of 0 or more"):
        measured_value(species, "-1")


def test_declared_kind_wins_over_the_unit_text(cbi: Framework) -> None:
    share = _measured(cbi, "CBI-01").model_copy(update={"unit_kind": "change"})
    assert measured_value(share, "-5") == -5.0


def test_numeric_goalposts_below_zero_make_a_change(mini: Framework) -> None:
    renewable = mini.indicator("E2")
    assert isinstance(renewable, NumericIndicator)
    assert renewable.value_kind == "share"
    moved = renewable.model_copy(update={"unit": {"en": "t CO2e"}, "goalposts": (-10.0, 10.0)})
    assert moved.value_kind == "change"
    assert measured_value(moved, "-4") == -4.0


def test_decimal_comma_in_a_file_says_to_write_a_decimal_point(cbi: Framework) -> None:
    with pytest.raises(AnswerError, match=r"written with a decimal point, as 12\.5"):
        indicator_points(cbi.indicator("CBI-01"), "12,5")

from __future__ import annotations

import pytest

from stocktake.answers import indicator_points, normalised_score, round_to_precision
from stocktake.errors import AnswerError
from stocktake.frameworks import Framework


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (0.94, 0.0),  # rounds to 0.9, below 1.0
        (0.95, 1.0),  # rounds half up to 1.0, the first bound of band 1
        (6.9, 1.0),
        (6.94, 1.0),
        (6.95, 2.0),  # the printed gap 6.9 -> 7.0 is closed by rounding
        (20.0, 3.0),  # 20.0 is inside the closed 14.0–20.0 band
        (20.04, 3.0),
        (20.05, 4.0),  # rounds to 20.1, above the exclusive lower bound of band 4
        ("7.0%", 2.0),
        ("+20.05", 4.0),
    ],
)
def test_banded_value_is_rounded_to_printed_precision_before_lookup(
    mini: Framework, value: float | str, points: float
) -> None:
    assert indicator_points(mini.indicator("E1"), value) == points


def test_decimal_rounding_is_half_up_not_binary() -> None:
    assert round_to_precision(6.95, 1) == 7.0
    assert round_to_precision(2.25, 1, "half_even") == 2.2
    assert round_to_precision(2.25, 1, "half_up") == 2.3


def test_blank_answer_scores_nothing_rather_than_zero(mini: Framework) -> None:
    assert indicator_points(mini.indicator("G1"), "") is None
    assert indicator_points(mini.indicator("G1"), None) is None
    assert indicator_points(mini.indicator("G1"), 0) == 0.0


def test_maturity_level_outside_scale_is_refused_with_allowed_levels(mini: Framework) -> None:
    with pytest.raises(AnswerError, match=r"takes a level of 0, 1, 2, 3, 4, but the value is '5'"):
        indicator_points(mini.indicator("G1"), 5)


def test_numeric_with_goalposts_is_clipped_and_scaled(mini: Framework) -> None:
    renewables = mini.indicator("E2")
    assert indicator_points(renewables, 25) == 2.0
    assert indicator_points(renewables, 80) == 4.0
    assert indicator_points(renewables, 0) == 0.0


def test_yes_no_accepts_common_spellings_and_refuses_others(mini: Framework) -> None:
    portal = mini.indicator("G2")
    assert [indicator_points(portal, v) for v in ("Yes", "no", True, 0, "是")] == [1, 0, 1, 0, 1]
    with pytest.raises(AnswerError, match="takes yes or no"):
        indicator_points(portal, "maybe")


def test_choice_names_the_allowed_options(mini: Framework) -> None:
    strategy = mini.indicator("E3")
    assert indicator_points(strategy, "adopted") == 2.0
    with pytest.raises(AnswerError, match="takes one of none, draft, adopted"):
        indicator_points(strategy, "final")


def test_number_needed_but_text_given_names_the_value(mini: Framework) -> None:
    with pytest.raises(AnswerError, match="needs a number, but the value is 'lots'"):
        indicator_points(mini.indicator("E1"), "lots")


def test_normalised_score_spans_the_indicator_range(mini: Framework) -> None:
    assert normalised_score(mini.indicator("G1"), 3) == 75.0
    assert normalised_score(mini.indicator("E3"), 1) == 50.0
    assert normalised_score(mini.indicator("E3"), None) is None


@pytest.mark.parametrize("value", ["0,199", "1,05", "12,5", ",5"])
def test_decimal_comma_is_refused_rather_than_misread(mini: Framework, value: str) -> None:
    with pytest.raises(AnswerError, match="written with a decimal point"):
        indicator_points(mini.indicator("E1"), value)


def test_thousands_separators_are_accepted(mini: Framework) -> None:
    """Read as 1250.5, which a share then refuses: the comma was taken between thousands."""
    with pytest.raises(AnswerError, match=r"but the value is 1250\.5"):
        indicator_points(mini.indicator("E1"), "1,250.5")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1_000", "underscore inside the number"),
        ("１２", "digits other than 0–9"),
        ("١٢", "digits other than 0–9"),
        ("１,２００", "digits other than 0–9"),
        ("9" * 5000, "too large to be a value"),
        ("1e400", "too large to be a value"),
    ],
)
def test_numbers_are_read_with_the_digits_0_to_9_as_in_files(
    mini: Framework, value: str, message: str
) -> None:
    """A typed answer follows the same number rules as an answers file: Python's float() would
    take full-width and Arabic-Indic digits and 1_000 as numbers a person did not write."""
    with pytest.raises(AnswerError, match=message):
        indicator_points(mini.indicator("E1"), value)

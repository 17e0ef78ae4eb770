"""Numbers as people of each language write them: decimal commas, thousands separators, signs."""

from __future__ import annotations

import pytest

from stocktake.numbers import SeparatorError, plain_number, read_number


@pytest.mark.parametrize(
    ("written", "locale", "plain"),
    [
        ("12,5", "de", "12.5"),
        ("1.234,5", "de", "1234.5"),
        ("-0,25", "id", "-0.25"),
        ("12.5", "de", "12.5"),  # a decimal point is read in every language
        ("1.234.567", "de", "1234567"),  # two points can only be thousands separators
        ("1\u202f234,5", "fr", "1234.5"),
        ("1 234,5", "fr", "1234.5"),  # a typed space stands for the narrow one
        ("1,234.5", "en", "1234.5"),
        ("12,500", "en", "12500"),
        ("1,234,567", "zh_Hant", "1234567"),
        ("1,234", "ja", "1234"),
        ("1,234.5", "ko", "1234.5"),
        ("\u22125", "en", "-5"),  # the minus sign of typeset text
        ("  7  ", "en", "7"),
        ("1e6", "de", "1e6"),
        ("abc", "en", "abc"),
        ("", "en", ""),
    ],
)
def test_number_is_rewritten_with_a_decimal_point(written: str, locale: str, plain: str) -> None:
    assert plain_number(written, locale=locale) == plain


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "zh-Hant", "ja", "ko"])
def test_decimal_comma_in_a_language_of_decimal_points_says_how_to_write_it(locale: str) -> None:
    with pytest.raises(SeparatorError, match=r"write it with a decimal point, as 12\.5") as caught:
        plain_number("12,5", locale=locale)
    assert caught.value.written == "12,5"
    assert caught.value.suggested == ("12.5",)


def test_negative_decimal_comma_keeps_its_sign_in_the_suggestion() -> None:
    with pytest.raises(SeparatorError) as caught:
        plain_number("-0,5", locale="en")
    assert caught.value.suggested == ("-0.5",)


def test_one_thousands_point_in_a_language_of_decimal_commas_is_ambiguous() -> None:
    with pytest.raises(SeparatorError, match=r"could be 1234 or 1\.234") as caught:
        plain_number("1.234", locale="de")
    assert caught.value.suggested == ("1234", "1.234")


@pytest.mark.parametrize("written", ["1,23,456", "12,34.5", "1,2,3", ",", "1,"])
def test_comma_that_is_neither_grouping_nor_decimal_is_left_for_read_number(written: str) -> None:
    assert read_number(plain_number(written, locale="en")) is None


def test_full_width_digits_are_still_refused_after_rewriting() -> None:
    with pytest.raises(ValueError, match="digits other than 0–9"):
        read_number(plain_number("１２.５", locale="de"))


def test_unknown_locale_reads_as_english() -> None:
    assert plain_number("1,234.5", locale="xx_YY") == "1234.5"

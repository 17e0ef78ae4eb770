"""Values as people type them in the answer form, and the sentences that refuse them.

The core reads a number with a decimal point (:func:`stocktake.numbers.read_number`) and checks it
against its unit's bounds (:func:`stocktake.answers.measured_value`); here a typed value is first
rewritten from the interface language's own way of writing numbers, and a refusal becomes a
sentence in that language naming what to write instead, never a bare "does not fit".
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from stocktake.answers import ValueOutOfBoundsError
from stocktake.errors import AnswerError
from stocktake.frameworks import BandedIndicator, Indicator, NumericIndicator
from stocktake.numbers import SeparatorError, plain_number, shown
from stocktake_web.assessments.domain.errors import InvalidAnswerError
from stocktake_web.languages import localised


def typed_value(indicator: Indicator, text: str) -> str:
    """``text`` as stored: a measured value with a decimal point and no thousands separators.

    Read in the active language's notation (``1,234.5`` in English, ``1.234,5`` in German);
    other answer types are kept as typed.
    """
    if not isinstance(indicator, BandedIndicator | NumericIndicator):
        return text.strip()
    try:
        return plain_number(text.removesuffix("%").strip(), locale=to_locale(get_language()))
    except SeparatorError as error:
        raise InvalidAnswerError(_separator_sentence(error)) from None


def _separator_sentence(error: SeparatorError) -> str:
    if len(error.suggested) == 1:
        return _(
            "“%(value)s” has a comma where this language writes a decimal point: write "
            "%(suggested)s."
        ) % {"value": error.written, "suggested": error.suggested[0]}
    return _(
        "“%(value)s” could be read as %(first)s or as %(second)s: write it without the "
        "thousands separator."
    ) % {"value": error.written, "first": error.suggested[0], "second": error.suggested[1]}


def refused_value_sentence(indicator: Indicator, value: str, error: AnswerError) -> str:
    """Why ``value`` is refused, in the active language: its bounds, or how to write a number."""
    if isinstance(error, ValueOutOfBoundsError):
        return bounds_sentence(indicator, shown(value.strip()), error)
    if isinstance(indicator, BandedIndicator | NumericIndicator):
        return _("“%(value)s” is not a number: write it with the digits 0–9, as in 12.5.") % {
            "value": value
        }
    return _("The answer “%(value)s” does not fit this indicator.") % {"value": value}


def bounds_sentence(indicator: Indicator, value: str, error: ValueOutOfBoundsError) -> str:
    """Which values the unit takes; ``value`` is the refused value as the person wrote it."""
    unit = (
        localised(indicator.unit)
        if isinstance(indicator, BandedIndicator | NumericIndicator)
        else ""
    )
    low, high = error.bounds.low, error.bounds.high
    values = {
        "value": value,
        "low": shown_number(low if low is not None else 0.0),
        "high": shown_number(high if high is not None else 0.0),
        "unit": unit,
    }
    if (low is None or error.value >= low) and (high is None or error.value <= high):
        return _("%(value)s has decimals: write a whole number (%(unit)s).") % values
    if low is not None and high is not None:
        return (
            _(
                "%(value)s is outside what this value can be: write a number from %(low)s to "
                "%(high)s (%(unit)s)."
            )
            % values
        )
    if low is not None:
        return (
            _(
                "%(value)s is less than this value can be: write a number of %(low)s or more "
                "(%(unit)s)."
            )
            % values
        )
    return (
        _(
            "%(value)s is more than this value can be: write a number of %(high)s or less "
            "(%(unit)s)."
        )
        % values
    )


def shown_number(number: float) -> str:
    """A number in the reader's notation, without the ``.0`` of a whole one."""
    return number_format(int(number) if number.is_integer() else number)

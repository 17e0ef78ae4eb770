"""Turning an answer's value into indicator points, per answer type.

Every function raises :class:`~stocktake.errors.AnswerError` with a sentence naming the accepted
values when a value does not fit, and returns ``None`` for a blank answer: a missing answer is never
a silent zero.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from stocktake.answers.answer import AnswerValue
from stocktake.errors import AnswerError, FileError
from stocktake.frameworks.schema import (
    BandedIndicator,
    BandTable,
    ChoiceIndicator,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    ValueBounds,
    YesNoIndicator,
)
from stocktake.numbers import SeparatorError, plain_number, read_number

_YES = {"yes", "y", "true", "1", "是", "はい", "예"}
_NO = {"no", "n", "false", "0", "否", "いいえ", "아니요"}


def indicator_points(indicator: Indicator, value: AnswerValue) -> float | None:
    """Points earned by ``value`` on ``indicator``; ``None`` when blank or not scorable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(indicator, MaturityIndicator):
        return _maturity_points(indicator, value)
    if isinstance(indicator, BandedIndicator):
        return band_points(indicator.bands, measured_value(indicator, value))
    if isinstance(indicator, NumericIndicator):
        return _numeric_points(indicator, measured_value(indicator, value))
    if isinstance(indicator, YesNoIndicator):
        return indicator.points_yes if _yes_no(indicator.id, value) else indicator.points_no
    return _choice_points(indicator, value)


def normalised_score(indicator: Indicator, points: float | None) -> float | None:
    """Points as 0–100 of the indicator's own range (min points -> 0, max points -> 100)."""
    if points is None:
        return None
    span = indicator.max_points - indicator.min_points
    return 100.0 * (points - indicator.min_points) / span if span else 100.0


class ValueOutOfBoundsError(AnswerError):
    """A measured value its unit cannot take: a share above 100, a negative area, 2.5 species.

    ``bounds`` are the unit's (:data:`stocktake.frameworks.schema.UNIT_BOUNDS`), so a caller
    speaking the person's language can name them in its own sentence.
    """

    def __init__(self, message: str, *, value: float, bounds: ValueBounds) -> None:
        super().__init__(message, column="value")
        self.value = value
        self.bounds = bounds


def measured_value(indicator: BandedIndicator | NumericIndicator, value: AnswerValue) -> float:
    """The number ``value`` holds, checked against the bounds of the indicator's unit.

    Raises
    ------
    ValueOutOfBoundsError
        When the number is outside what the unit can take (CBI-01, a share, refuses 150 and
        -5), or has decimals where the unit counts whole things.
    """
    number = _number(indicator.id, value)
    bounds = indicator.value_bounds
    low, high = bounds.low, bounds.high
    unit = indicator.unit.get("en", "")
    if (low is not None and number < low) or (high is not None and number > high):
        allowed = _allowed(bounds)
        raise ValueOutOfBoundsError(
            f"indicator {indicator.id} takes a value {allowed} ({unit}), "
            f"but the value is {number:g}",
            value=number,
            bounds=bounds,
        )
    if bounds.whole and not number.is_integer():
        raise ValueOutOfBoundsError(
            f"indicator {indicator.id} takes a whole number ({unit}), but the value is {number:g}",
            value=number,
            bounds=bounds,
        )
    return number


def _allowed(bounds: ValueBounds) -> str:
    """``from 0 to 100``, ``of 0 or more``: the values a unit takes, for an error message."""
    if bounds.low is not None and bounds.high is not None:
        return f"from {bounds.low:g} to {bounds.high:g}"
    if bounds.low is not None:
        return f"of {bounds.low:g} or more"
    return f"of {bounds.high:g} or less"


def _number(indicator_id: str, value: AnswerValue) -> float:
    if isinstance(value, bool):
        raise AnswerError(f"indicator {indicator_id} needs a number, not yes/no", column="value")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().removesuffix("%").strip()
        try:
            read = read_number(plain_number(text))
        except SeparatorError as error:
            raise AnswerError(
                f"indicator {indicator_id} needs a number written with a decimal point, "
                f"as {error.suggested[0]}; a comma is read only between thousands",
                column="value",
            ) from None
        except FileError as error:
            raise AnswerError(f"indicator {indicator_id}: {error}", column="value") from None
        if read is None:
            raise AnswerError(
                f"indicator {indicator_id} needs a number, but the value is '{value}'",
                column="value",
            )
        number = float(read)
    if not math.isfinite(number):
        raise AnswerError(f"indicator {indicator_id} needs a finite number", column="value")
    return number


def _maturity_points(indicator: MaturityIndicator, value: AnswerValue) -> float:
    allowed = [level.value for level in indicator.levels]
    number = _number(indicator.id, value)
    if number not in allowed:
        raise AnswerError(
            f"indicator {indicator.id} takes a level of "
            f"{', '.join(str(v) for v in allowed)}, but the value is '{value}'",
            column="value",
        )
    return number


def round_to_precision(value: float, precision: int, rounding: str = "half_up") -> float:
    """Round as the published tables do: in decimal, so 6.95 -> 7.0 (not 6.9 as binary floats)."""
    mode = ROUND_HALF_UP if rounding == "half_up" else ROUND_HALF_EVEN
    try:
        quantum = Decimal(1).scaleb(-precision)
        return float(Decimal(repr(value)).quantize(quantum, rounding=mode))
    except InvalidOperation:  # pragma: no cover - only for absurdly large values
        return value


def band_points(table: BandTable, value: float) -> float:
    """Points of the band holding ``value`` after rounding it to the table's precision."""
    rounded = round_to_precision(value, table.precision, table.rounding)
    for band in table.bands:
        if band.contains(rounded):
            return band.points
    raise AnswerError(
        f"the value {value:g} (rounded to {rounded:g}) falls in none of the indicator's bands",
        column="value",
    )


def _numeric_points(indicator: NumericIndicator, value: float) -> float | None:
    if indicator.goalposts is not None:
        low, high = indicator.goalposts
        if indicator.direction == "lower":
            low, high = high, low
        share = (value - low) / (high - low)
        return indicator.max * min(1.0, max(0.0, share))
    target = indicator.value_target
    if target is None:
        return None
    if indicator.direction == "higher":
        share = value / target if target else 1.0
    else:
        share = target / value if value > 0 else 1.0
    return indicator.max * min(1.0, max(0.0, share))


def _yes_no(indicator_id: str, value: AnswerValue) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise AnswerError(
        f"indicator {indicator_id} takes yes or no, but the value is '{value}'", column="value"
    )


def _choice_points(indicator: ChoiceIndicator, value: AnswerValue) -> float:
    text = str(value).strip()
    for option in indicator.options:
        if option.id == text:
            return option.points
    allowed = ", ".join(option.id for option in indicator.options)
    raise AnswerError(
        f"indicator {indicator.id} takes one of {allowed}, but the value is '{value}'",
        column="value",
    )

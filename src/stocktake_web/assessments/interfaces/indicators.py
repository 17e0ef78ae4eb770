"""How an indicator and its answers read on a page, in the active language.

Framework text (titles, level descriptors, option labels, units) is data from the framework
file; only the words Stocktake itself adds (yes, no) go through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from stocktake.frameworks import (
    BandedIndicator,
    ChoiceIndicator,
    Framework,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    YesNoIndicator,
)
from stocktake.frameworks.schema import Band
from stocktake_web.assessments.domain.values import shown_number
from stocktake_web.assessments.models import Answer
from stocktake_web.languages import localised


@dataclass(frozen=True)
class Choice:
    """One answer a person can pick: the stored value, its label and what it means."""

    value: str
    label: str
    descriptor: str = ""


def answer_choices(indicator: Indicator) -> list[Choice] | None:
    """The answers to pick from; ``None`` for indicators answered with a number."""
    if isinstance(indicator, MaturityIndicator):
        return [
            Choice(str(level.value), localised(level.label), localised(level.descriptor))
            for level in indicator.levels
        ]
    if isinstance(indicator, ChoiceIndicator):
        return [Choice(option.id, localised(option.label)) for option in indicator.options]
    if isinstance(indicator, YesNoIndicator):
        return [Choice("yes", _("Yes")), Choice("no", _("No"))]
    return None


@dataclass(frozen=True)
class BandRow:
    """One band of a measured indicator's table, as the respondent reads it."""

    values: str
    points: str
    label: str


def band_rows(indicator: Indicator) -> list[BandRow]:
    """The band table of a banded indicator, values in the reader's notation; else empty.

    Bounds are printed at the table's precision, as the publication prints them, since a typed
    value is rounded to that precision before it is placed in a band.
    """
    if not isinstance(indicator, BandedIndicator):
        return []
    precision = indicator.bands.precision
    return [
        BandRow(
            _band_values(band, precision),
            shown_number(band.points),
            localised(band.label) if band.label else "",
        )
        for band in indicator.bands.bands
    ]


def _band_values(band: Band, precision: int) -> str:
    low = "" if band.min is None else number_format(band.min, decimal_pos=precision)
    high = "" if band.max is None else number_format(band.max, decimal_pos=precision)
    values = {"low": low, "high": high}
    if band.min is None:
        return (_("up to %(high)s") if band.max_inclusive else _("below %(high)s")) % values
    if band.max is None:
        return (_("%(low)s or more") if band.min_inclusive else _("above %(low)s")) % values
    if not band.min_inclusive:
        return _("above %(low)s, up to %(high)s") % values
    if not band.max_inclusive:
        return _("%(low)s to below %(high)s") % values
    return pgettext("range of values", "%(low)s–%(high)s") % values


def unit_of(indicator: Indicator) -> str:
    if isinstance(indicator, BandedIndicator | NumericIndicator):
        return localised(indicator.unit)
    return ""


def value_label(indicator: Indicator, value: str | float | int | None) -> str:
    """A stored value as a person reads it: ``2 · Planned``, ``Yes``, ``12.5 %``."""
    if value is None or str(value).strip() == "":
        return ""
    text = str(value)
    if isinstance(indicator, MaturityIndicator):
        text = _normalise_level(text)
    for choice in answer_choices(indicator) or []:
        if choice.value == text:
            maturity = isinstance(indicator, MaturityIndicator)
            return f"{choice.value} · {choice.label}" if maturity else choice.label
    unit = unit_of(indicator)
    return f"{_in_reader_notation(text)} {unit}".strip()


def _in_reader_notation(text: str) -> str:
    """A stored measured value (written with a decimal point) in the reader's notation."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number_format(number) if number.is_finite() else text


def _normalise_level(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def shown_field(framework: Framework, indicator: Indicator, name: str, text: str) -> str:
    """One field of an answer as history and conflicts store it (``value``, ``confidence``,
    ``support`` as ``"a; b"``, ...), as a person reads it in the active language.

    The answer through :func:`value_label`, the confidence and the support kinds by their
    labels; other fields (evidence, comments, links, file names, importance) as they are.
    A stored code this version does not know is shown as it is.
    """
    if name == "value":
        return value_label(indicator, text)
    if name == "confidence":
        if not text:
            return ""
        try:
            return str(Answer.Confidence(text).label)
        except ValueError:
            return text
    if name == "support":
        labels = {kind.id: localised(kind.label) for kind in framework.support_kinds}
        kinds = [kind.strip() for kind in text.split(";") if kind.strip()]
        return pgettext("list separator", ", ").join(labels.get(kind, kind) for kind in kinds)
    return text

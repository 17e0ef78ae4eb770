"""How an indicator and its answers read on a page, in the active language.

Framework text (titles, level descriptors, option labels, units) is data from the framework
file; only the words Stocktake itself adds (yes, no) go through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    return f"{text} {unit}".strip()


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

"""The city context form: working languages and sectors typed as comma-separated tags.

The tags are checked by the domain's rules (:mod:`stocktake_web.network.domain.context`), so a
form error says exactly what the domain would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stocktake_web.network.domain.context import (
    SECTOR_MAX_LENGTH,
    TAGS_MAX,
    ContextError,
    language_tags,
    sector_tags,
    split_tags,
)
from stocktake_web.network.models import City

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

POPULATION_MAX = 2**31 - 1
"""Largest population the column holds on every database (PostgreSQL's integer)."""

TAGS_TEXT_MAX_LENGTH = TAGS_MAX * (SECTOR_MAX_LENGTH + 2)
"""Longest text of tags accepted at all: twelve of the longest sectors with their commas."""


def _tags_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TAGS_TEXT_MAX_LENGTH, help_text=help_text
    )


class CityContextForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of member"), choices=City.Kind.choices)
    population = forms.IntegerField(
        label=_("Population"), required=False, min_value=1, max_value=POPULATION_MAX
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=64,
        help_text=_("For example East Asia, Southeast Asia."),
    )
    climate = forms.CharField(
        label=_("Climate"),
        required=False,
        max_length=64,
        help_text=_("For example humid subtropical."),
    )
    languages = _tags_field(
        _("Working languages"),
        _("Language tags separated by commas, such as en, ja, zh-Hant, ko; at most 12."),
    )
    economy = _tags_field(
        _("Main sectors of the economy"),
        _("Separated by commas, such as port, manufacturing, tourism; at most 12."),
    )

    @classmethod
    def of_city(cls, city: City) -> CityContextForm:
        """The form filled with the city's stored context, tags joined by commas."""
        return cls(
            initial={
                "kind": city.kind,
                "population": city.population,
                "region": city.region,
                "climate": city.climate,
                "languages": ", ".join(city.languages),
                "economy": ", ".join(city.economy),
            }
        )

    def clean_languages(self) -> list[str]:
        return _checked(language_tags, self.cleaned_data["languages"])

    def clean_economy(self) -> list[str]:
        return _checked(sector_tags, self.cleaned_data["economy"])


def _checked(rule: Callable[[list[str]], list[str]], text: str) -> list[str]:
    try:
        return rule(split_tags(text))
    except ContextError as exc:
        raise ValidationError(str(exc)) from None

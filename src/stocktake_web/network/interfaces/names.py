"""Multilingual names edited as one text field per interface language, never as raw JSON.

Cities and departments keep their name as ``{"en": ..., "zh-Hant": ..., "ja": ...}``, keyed by
framework language tags. A form shows one field for each language of ``settings.LANGUAGES``:
English is required, being the language every other one falls back to; an empty field leaves
its language out of the name. Languages the interface does not offer are kept as they were.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext

from stocktake_web.languages import bcp47, localised
from stocktake_web.network.models import City, Department

FALLBACK_LANGUAGE = "en"
NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class NameLanguage:
    """One interface language: its form field (``name_zh_hant``) and its tag (``zh-Hant``)."""

    field: str
    tag: str
    language: str | Promise

    @property
    def required(self) -> bool:
        return self.tag == FALLBACK_LANGUAGE


def name_languages() -> tuple[NameLanguage, ...]:
    """The interface languages in the order of ``settings.LANGUAGES``."""
    return tuple(
        NameLanguage(field=f"name_{code.replace('-', '_')}", tag=bcp47(code), language=language)
        for code, language in settings.LANGUAGES
    )


def name_field_names() -> tuple[str, ...]:
    """The forms' name fields, to list among an admin's ``fields``."""
    return tuple(language.field for language in name_languages())


def merged_name(stored: Mapping[str, str] | None, given: Mapping[str, str]) -> dict[str, str]:
    """``given`` (tag -> text, empty when cleared) laid over the ``stored`` name.

    Given languages come first, in interface order, and only when not empty; stored languages
    that were not given (a language the interface does not offer) stay as they were.
    """
    name = {tag: text for tag, text in given.items() if text}
    name.update((tag, text) for tag, text in (stored or {}).items() if tag not in given)
    return name


def _label(language: str | Promise) -> str:
    return gettext("Name (%(language)s)") % {"language": language}


_lazy_label = lazy(_label, str)


class LocalisedNameForm(forms.ModelForm):
    """A model form that edits the model's ``name`` through :func:`name_form`'s fields."""

    class Meta:
        exclude = ("name",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.name or {}
        for language in name_languages():
            self.initial.setdefault(language.field, stored.get(language.tag, ""))

    def save(self, commit: bool = True) -> Any:
        given = {language.tag: self.cleaned_data[language.field] for language in name_languages()}
        self.instance.name = merged_name(self.instance.name, given)
        return super().save(commit)


@functools.cache
def name_form() -> type[LocalisedNameForm]:
    """:class:`LocalisedNameForm` with one text field per language of ``settings.LANGUAGES``.

    Built when first asked for, after the settings are read; the admin hands it the model.
    """
    fields = {
        language.field: forms.CharField(
            label=_lazy_label(language.language),
            required=language.required,
            max_length=NAME_MAX_LENGTH,
        )
        for language in name_languages()
    }
    # type() hands the class to the most derived metaclass, Django's, which collects the fields.
    form = type("NameForm", (LocalisedNameForm,), {"__module__": __name__, **fields})
    assert issubclass(form, LocalisedNameForm)
    return form


class CityChoiceField(forms.ModelChoiceField):
    """Cities shown by name in the reader's language."""

    def label_from_instance(self, obj: City) -> str:
        return localised(obj.name)


class CitiesChoiceField(forms.ModelMultipleChoiceField):
    """Several cities, shown by name in the reader's language."""

    def label_from_instance(self, obj: City) -> str:
        return localised(obj.name)


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments shown with their city ("Harbour City – Environment"), in the reader's language.

    Every city has an environment department; the name alone would not tell them apart. Give it
    a queryset with ``select_related("city")``.
    """

    def label_from_instance(self, obj: Department) -> str:
        return f"{localised(obj.city.name)} – {localised(obj.name)}"

"""Template filters for multilingual data, numbers and the answer form's choice inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from stocktake.reports import BarChart
from stocktake.reports import chart_html as core_chart_html
from stocktake_web.assessments.interfaces.inputs import choice_inputs, select_input
from stocktake_web.languages import current_language, localised
from stocktake_web.network.domain.countries import country_name
from stocktake_web.network.domain.regions import region_name

register = template.Library()

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


@register.filter
def localise(text: Mapping[str, str] | None) -> str:
    """``{{ city.name|localise }}``: multilingual text in the active language."""
    return localised(text)


@register.filter
def country(code: str) -> str:
    """``{{ city.country|country }}``: the country's name in the active language."""
    return country_name(code, current_language())


@register.filter
def region(text: str) -> str:
    """``{{ city.region|region }}``: a world region in the active language, when the CLDR
    names it; the coordinator's text otherwise."""
    return region_name(text, current_language()) if text else ""


@register.filter
def percent(value: float | None) -> str:
    """A 0–100 score rounded for reading; an empty string when there is no score."""
    return "" if value is None else f"{value:.0f}"


@register.filter
def share(value: float | None) -> str:
    """A 0–1 share as a whole percentage."""
    return "" if value is None else f"{100 * value:.0f}"


@register.filter
def chart_html(chart: BarChart) -> SafeString:
    """``{{ chart|chart_html }}``: a bar chart drawn by the core's template, which escapes."""
    return mark_safe(core_chart_html(chart))


@register.filter
def get(mapping: Mapping[K, V], key: K) -> V | None:
    """``{{ mapping|get:key }}`` for keys a template cannot spell (a number, a variable)."""
    return mapping.get(key)


@register.filter
def without(items: list[T], item: object) -> list[T]:
    """``{{ ids|without:framework.id }}``: the list less every occurrence of ``item``."""
    return [each for each in items if each != item]


@register.filter
def choices(field: BoundField) -> SafeString:
    """``{{ form.support|choices }}``: a choice field's radio buttons or checkboxes."""
    return choice_inputs(field)


@register.filter
def dropdown(field: BoundField) -> SafeString:
    """``{{ form.importance|dropdown }}``: a choice field as a drop-down list."""
    return select_input(field)

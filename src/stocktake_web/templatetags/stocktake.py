"""Template filters for multilingual data and numbers shown on pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from stocktake_web.languages import localised

register = template.Library()


@register.filter
def localise(text: Mapping[str, str] | None) -> str:
    """``{{ city.name|localise }}``: multilingual text in the active language."""
    return localised(text)


@register.filter
def percent(value: float | None) -> str:
    """A 0–100 score rounded for reading; an empty string when there is no score."""
    return "" if value is None else f"{value:.0f}"


@register.filter
def share(value: float | None) -> str:
    """A 0–1 share as a whole percentage."""
    return "" if value is None else f"{100 * value:.0f}"


@register.filter
def get(mapping: Mapping[str, Any], key: str) -> Any:
    """``{{ mapping|get:key }}`` for keys a template cannot spell."""
    return mapping.get(key)

"""Framework languages (BCP 47 tags, ``zh-Hant``) as the editor's columns and preview name them."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from stocktake_web.languages import bcp47


def language_name(tag: str) -> str:
    """``zh-Hant`` -> 繁體中文: each language in its own name, as the language switcher shows it;
    a language the interface does not have keeps its tag."""
    try:
        return str(translation.get_language_info(tag.lower())["name_local"])
    except KeyError:
        return tag


def interface_language(tag: str) -> str | None:
    """The interface language (Django's code) that speaks framework language ``tag``, if any."""
    for code, _name in settings.LANGUAGES:
        if bcp47(code) == tag:
            return code
    return None

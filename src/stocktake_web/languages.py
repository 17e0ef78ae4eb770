"""The interface language and the language of framework text.

Django names languages in lower case (``zh-hant``); framework files use BCP 47 tags
(``zh-Hant``). Framework text is picked with the core's fallback to English.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import translation

from stocktake.frameworks import localise


def bcp47(code: str) -> str:
    """``zh-hant`` -> ``zh-Hant``, ``pt-br`` -> ``pt-BR``: scripts in title case, regions upper."""
    parts = code.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(out)


def current_language() -> str:
    """The active interface language as a framework language tag."""
    return bcp47(translation.get_language() or "en")


def localised(text: Mapping[str, str] | None) -> str:
    """Framework or member text in the active language, falling back to English."""
    return localise(text, current_language())

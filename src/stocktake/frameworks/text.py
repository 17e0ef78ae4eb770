"""Multilingual text: every human-readable string in a framework is a mapping language -> text.

English is required and is the last fallback, so a framework translated only in part still shows a
complete page. Language codes are BCP 47 tags as browsers send them (``en``, ``zh-Hant``,
``zh-Hans``, ``ja``, ``ko``, ``mn``, ``fil``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator

FALLBACK = "en"


def _coerce_text(value: Any) -> Any:
    """Accept a plain string as English so that short files stay short."""
    if isinstance(value, str):
        return {FALLBACK: value}
    return value


def _require_english(value: Any) -> Any:
    if isinstance(value, Mapping):
        if FALLBACK not in value or not str(value[FALLBACK]).strip():
            raise ValueError("every text needs an English ('en') version, the fallback language")
        for lang, text in value.items():
            if not isinstance(text, str):
                raise ValueError(f"the '{lang}' text must be a string")
    return value


LocalText = Annotated[
    dict[str, str], BeforeValidator(_require_english), BeforeValidator(_coerce_text)
]


def canonical_tag(lang: str) -> str:
    """A BCP 47 tag in its usual case (tags are case-insensitive): ``ZH-hant-tw`` -> ``zh-Hant-TW``.

    The language is lower case, a four-letter script title case, a two-letter region upper
    case; texts are keyed by the usual case, so a tag typed otherwise still finds them.
    """
    parts = lang.strip().replace("_", "-").split("-")
    shown = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            shown.append(part.title())
        elif len(part) == 2 and part.isalpha():
            shown.append(part.upper())
        else:
            shown.append(part.lower())
    return "-".join(shown)


def fallback_chain(lang: str) -> list[str]:
    """Languages to try, most specific first: ``zh-Hant-TW`` -> ``zh-Hant`` -> ``zh`` -> ``en``."""
    parts = lang.split("-") if lang else []
    chain = ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if FALLBACK not in chain:
        chain.append(FALLBACK)
    return chain


def localise(text: Mapping[str, str] | None, lang: str = FALLBACK) -> str:
    """Return ``text`` in ``lang``, falling back along :func:`fallback_chain` to English."""
    if not text:
        return ""
    for candidate in fallback_chain(lang):
        if text.get(candidate):
            return text[candidate]
    return next(iter(text.values()))

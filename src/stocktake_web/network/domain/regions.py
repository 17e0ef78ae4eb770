"""World regions of member cities, named in the reader's language from the Unicode CLDR.

A city's region is written by its coordinator as text ("East Asia", "Southeast Asia",
"Oceania"). Where that text names one of the UN M49 regions the CLDR translates, the reader sees
the CLDR's name in their language; any other text is shown as written. The CLDR's English names
are recognised, and the shorter names people write for three of them ("East Asia" for "Eastern
Asia", and likewise South and West Asia).
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

SPOKEN_NAMES = {"east asia": "030", "south asia": "034", "west asia": "145"}
"""Names people write for M49 regions whose CLDR English name is longer."""


@cache
def _codes_by_english_name() -> dict[str, str]:
    found = {
        name.casefold(): code for code, name in Locale("en").territories.items() if code.isdigit()
    }
    return found | SPOKEN_NAMES


@cache
def _names(lang: str) -> dict[str, str]:
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return {}  # a language the CLDR does not know: the text as written
    return {code: name for code, name in locale.territories.items() if code.isdigit()}


def region_name(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it names an M49 region; otherwise ``text`` as written."""
    code = _codes_by_english_name().get(text.strip().casefold())
    if code is None:
        return text
    if lang.split("-")[0] == "en":
        return text.strip()  # the coordinator's own English wording stands
    return _names(lang).get(code, text)

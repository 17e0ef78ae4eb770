"""Countries and territories of member cities, by ISO 3166-1 alpha-2 code, named in the reader's
language from the Unicode CLDR (through Babel) rather than a hand-kept table.

The network's own naming goes before the CLDR's where the two differ: the network, like the
regional bodies its cities belong to, writes ``TW`` as "Chinese Taipei" in every language and
``KR`` as "Republic of Korea" in English. Only these differences are kept here.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

NETWORK_NAMES: dict[str, dict[str, str]] = {
    "TW": {
        "en": "Chinese Taipei",
        "zh-Hant": "中華台北",
        "ja": "チャイニーズ・タイペイ",
        "ko": "중화 타이베이",
    },
    "KR": {"en": "Republic of Korea"},
}
"""The network's names where they differ from the CLDR's, by code and language tag."""


@cache
def _territories(lang: str) -> dict[str, str]:
    """Alpha-2 code -> name in ``lang`` (a tag such as ``zh-Hant``); English for an unknown tag."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return _territories("en")
    names = {code: name for code, name in locale.territories.items() if _is_alpha_2(code)}
    for code, own in NETWORK_NAMES.items():
        name = own.get(lang) or own.get(lang.split("-")[0])
        if name is None and lang.split("-")[0] == "en":
            name = own["en"]
        if name:
            names[code] = name
    return names


def _is_alpha_2(code: str) -> bool:
    """CLDR also names continents by number (``142``) and private-use codes such as ``ZZ``."""
    return (
        len(code) == 2 and code.isalpha() and code not in {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"}
    )


def country_name(code: str, lang: str) -> str:
    """The name of the country ``code`` in ``lang``; the stored text itself when it is no code.

    Cities added before countries were codes, or by hand in the administration site, may hold a
    name; it is shown as written rather than hidden.
    """
    return _territories(lang).get(code.upper(), code) if code else ""


def country_choices(lang: str) -> list[tuple[str, str]]:
    """Every country as (code, name in ``lang``), ordered by the name, for a form's select."""
    return sorted(_territories(lang).items(), key=lambda item: item[1].casefold())


def country_code(name: str) -> str:
    """The code of a country given by its code or its English name (the CLDR's or the
    network's), such as "Japan" or "Chinese Taipei"; the text unchanged when it names none.

    Used to read the demo's English names and the names stored before the field held codes.
    """
    text = name.strip()
    names = _territories("en")
    if text.upper() in names:
        return text.upper()
    cldr = Locale("en").territories
    by_name = {own.casefold(): code for code, own in cldr.items() if _is_alpha_2(code)}
    by_name.update({own.casefold(): code for code, own in names.items()})
    return by_name.get(text.casefold(), text)

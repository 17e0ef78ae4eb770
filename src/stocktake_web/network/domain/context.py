"""A city's context: what the network records about it for "cities like you" and peer groups.

The coordinator and the secretariat keep it up to date. Working languages and main sectors are
short lists of tags; the rules for them live here, so that a form, the demo data and any later
import all store the same shapes (the core reads them as :class:`stocktake.network.CityContext`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.languages import bcp47
from stocktake_web.network.models import City

TAGS_MAX = 12
"""Most working languages, and most sectors, a city lists: a profile, not an inventory."""

SECTOR_MAX_LENGTH = 40
"""Longest sector name, in characters ("renewable energy manufacturing" fits)."""

LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")
"""The part of BCP 47 people use for a working language: a language, then an optional script
(``zh-Hant``) and an optional region (``pt-BR``, ``es-419``), checked after case is normalised."""


class ContextError(ValueError):
    """A context value that cannot be stored; the message says what to write instead."""


def split_tags(text: str) -> list[str]:
    """Comma-separated tags (also the ideographic and full-width commas people type in Chinese
    and Japanese), stripped, blanks dropped."""
    parts = re.split(r"[,、，;；\n]", text)
    return [" ".join(part.split()) for part in parts if part.strip()]


def language_tags(tags: Iterable[str]) -> list[str]:
    """Working-language tags in their usual case (``zh-hant`` -> ``zh-Hant``), each once."""
    typed = [tag.strip() for tag in tags]
    wrong = [tag for tag in typed if not LANGUAGE_TAG.fullmatch(bcp47(tag))]
    if wrong:
        raise ContextError(
            _(
                "These are not language tags: %(tags)s. Write tags such as en, ja, zh-Hant or "
                "ko, separated by commas."
            )
            % {"tags": ", ".join(tag[:SECTOR_MAX_LENGTH] for tag in wrong[:TAGS_MAX])}
        )
    return _within_limit(_distinct(bcp47(tag) for tag in typed))


def sector_tags(tags: Iterable[str]) -> list[str]:
    """Main sectors of the economy, each once (letter case ignored), without control characters."""
    cleaned = _distinct(" ".join(tag.split()) for tag in tags)
    if any(unicodedata.category(char)[0] == "C" for tag in cleaned for char in tag):
        raise ContextError(_("Write the sectors as plain text, separated by commas."))
    long = [tag for tag in cleaned if len(tag) > SECTOR_MAX_LENGTH]
    if long:
        raise ContextError(
            _("A sector may have at most %(max)s characters; shorten “%(tag)s”.")
            % {"max": SECTOR_MAX_LENGTH, "tag": long[0][:SECTOR_MAX_LENGTH] + "…"}
        )
    return _within_limit(cleaned)


def _distinct(tags: Iterable[str]) -> list[str]:
    """Non-empty tags in the order given, the first spelling kept of those equal but for case."""
    seen: dict[str, str] = {}
    for tag in tags:
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _within_limit(tags: list[str]) -> list[str]:
    if len(tags) > TAGS_MAX:
        raise ContextError(
            _("List at most %(max)s; %(count)s were given.") % {"max": TAGS_MAX, "count": len(tags)}
        )
    return tags


def _one_line(text: str, max_length: int | None) -> str:
    """``text`` on one line, spaces collapsed, refused when longer than its column holds."""
    line = " ".join(text.split())
    if max_length is not None and len(line) > max_length:
        raise ContextError(
            _("Write at most %(max)s characters; “%(text)s” is longer.")
            % {"max": max_length, "text": line[:max_length] + "…"}
        )
    return line


def update_city_context(
    *,
    city: City,
    kind: str,
    population: int | None,
    region: str,
    climate: str,
    languages: Iterable[str],
    economy: Iterable[str],
) -> City:
    """Store the city's context; languages and sectors are checked and normalised here.

    Raises :class:`ContextError` when a tag breaks the rules above, or ``kind`` is not one of
    :class:`City.Kind`.
    """
    if kind not in City.Kind.values:
        raise ContextError(_("Choose what kind of member the city is."))
    if population is not None and population < 1:
        raise ContextError(_("The population is a whole number above zero, or left empty."))
    city.kind = kind
    city.population = population
    city.region = _one_line(region, City._meta.get_field("region").max_length)
    city.climate = _one_line(climate, City._meta.get_field("climate").max_length)
    city.languages = language_tags(languages)
    city.economy = sector_tags(economy)
    with transaction.atomic():
        city.save(update_fields=["kind", "population", "region", "climate", "languages", "economy"])
    return city

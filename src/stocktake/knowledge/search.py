"""The one matching rule of catalogue searches, in every language.

Chinese, Japanese and Korean put no spaces between words, so no word splitting can be trusted
across the interface languages. The rule is therefore plain and the same everywhere: a query is
split at spaces into terms, and a resource matches when **every term appears, ignoring case, in
its searchable text** (titles and summaries in every language, publisher, city, sector,
instrument, id and tags). ``韌性`` finds ``城市韌性計畫``; ``flood plan`` finds "Flood-risk
plan for the river basin". Query and text are both brought to Unicode's compatibility form
(NFKC) first, as East Asian keyboards type Latin letters and digits full-width: ``ｐｒｏｂｅ``
finds ``probe``, and half-width ``ｶﾀｶﾅ`` finds ``カタカナ``.

Facets compare as people write them: a kind (``Policy``) and a pathway (``Resilient``) ignoring
case, and a language tag ignoring case as BCP 47 says (``zh-hant`` is ``zh-Hant``). A kind or a
pathway that does not exist is an error naming those that do, rather than an empty result.

The web application runs the same rule in the database: SQLite's FTS5 full-text index with the
``trigram`` tokenizer answers terms of three characters or more (a trigram index cannot look up
fewer), a plain ``LIKE`` the shorter ones, and PostgreSQL a trigram (``pg_trgm``) index under
``ILIKE``. Results are ordered newest first, then by id, so the order is the same too.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stocktake.errors import StocktakeError
from stocktake.frameworks.schema import PATHWAYS
from stocktake.knowledge.records import KINDS, Resource

TRIGRAM = 3
"""The shortest term a trigram index can look up; shorter terms are matched by scanning."""


class UnknownFacetError(StocktakeError):
    """A search asked for a kind of resource or a pathway that does not exist."""


@dataclass(frozen=True)
class SearchTerms:
    """A query's terms: those an index can look up, and those too short for it."""

    indexed: tuple[str, ...]
    short: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.indexed + self.short


def search_terms(query: str) -> SearchTerms:
    """The query split at spaces (the ideographic space too), each term once, NFKC and folded.

    Terms are set apart by length after NFKC, which may lengthen a term (``㍻`` is ``平成``).
    """
    terms = list(dict.fromkeys(normalised(query).casefold().split()))
    return SearchTerms(
        indexed=tuple(t for t in terms if len(t) >= TRIGRAM),
        short=tuple(t for t in terms if len(t) < TRIGRAM),
    )


def normalised(text: str) -> str:
    """``text`` in Unicode's compatibility form (NFKC): full-width ``ｐｒｏｂｅ`` is ``probe``."""
    return unicodedata.normalize("NFKC", text)


def searchable_text(resource: Resource) -> str:
    """Everything a search looks in, one field a line (a term never spans two fields), in NFKC.

    The web application keeps this text, case-folded, beside each resource, so a change of it
    means recomputing the kept text.
    """
    parts: list[str] = [resource.id, *resource.title.values(), *resource.summary.values()]
    parts += [resource.publisher, resource.city, resource.sector, resource.instrument]
    parts += [*resource.indicators, *resource.pathways, *resource.sdg_targets, *resource.support]
    return normalised("\n".join(part for part in parts if part))


def matches(resource: Resource, terms: SearchTerms) -> bool:
    """Whether every term appears in the resource's searchable text, ignoring case."""
    text = searchable_text(resource).casefold()
    return all(term in text for term in terms.all)


def search(
    resources: Iterable[Resource],
    query: str,
    *,
    kind: str | None = None,
    language: str | None = None,
    pathway: str | None = None,
) -> list[Resource]:
    """The resources matching ``query`` and the chosen facets, newest first, then by id.

    An empty query matches every resource, so the facets alone browse the catalogue; an empty
    facet chooses nothing.

    Raises
    ------
    UnknownFacetError
        When ``kind`` or ``pathway`` is none of those there are.
    """
    terms = search_terms(query)
    kind = known_facet("kind", kind, KINDS)
    pathway = known_facet("pathway", pathway, PATHWAYS)
    tag = language.strip().casefold() if language else None
    found = [
        r
        for r in resources
        if matches(r, terms)
        and (kind is None or r.kind == kind)
        and (tag is None or tag in (lang.casefold() for lang in r.languages))
        and (pathway is None or pathway in r.pathways)
    ]
    return ordered(found)


def known_facet(name: str, value: str | None, valid: Sequence[str]) -> str | None:
    """``value`` as the catalogue keys it (``Resilient`` is ``resilient``); ``None`` if empty."""
    if not value or not value.strip():
        return None
    for key in valid:
        if key.casefold() == value.strip().casefold():
            return key
    raise UnknownFacetError(f"there is no {name} '{value}'; the {name}s are {', '.join(valid)}")


def ordered(resources: Iterable[Resource]) -> list[Resource]:
    """Newest first (no year last), then by id."""
    return sorted(resources, key=lambda r: (r.year is None, -(r.year or 0), r.id))


def facets(resources: Sequence[Resource]) -> dict[str, Counter[str]]:
    """How many of ``resources`` there are of each kind, language and pathway."""
    return {
        "kind": Counter(r.kind for r in resources),
        "language": Counter(lang for r in resources for lang in r.languages),
        "pathway": Counter(p for r in resources for p in r.pathways),
    }

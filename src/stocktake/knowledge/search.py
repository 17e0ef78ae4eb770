"""The one matching rule of catalogue searches, in every language.

Chinese, Japanese and Korean put no spaces between words, so no word splitting can be trusted
across the interface languages. The rule is therefore plain and the same everywhere: a query is
split at spaces into terms, and a resource matches when **every term appears, ignoring case, in
its searchable text** (titles and summaries in every language, publisher, city, sector,
instrument, id and tags). ``韌性`` finds ``城市韌性計畫``; ``flood plan`` finds "Flood-risk
plan for the river basin".

The web application runs the same rule in the database: SQLite's FTS5 full-text index with the
``trigram`` tokenizer answers terms of three characters or more (a trigram index cannot look up
fewer), a plain ``LIKE`` the shorter ones, and PostgreSQL a trigram (``pg_trgm``) index under
``ILIKE``. Results are ordered newest first, then by id, so the order is the same too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stocktake.knowledge.records import Resource

TRIGRAM = 3
"""The shortest term a trigram index can look up; shorter terms are matched by scanning."""


@dataclass(frozen=True)
class SearchTerms:
    """A query's terms: those an index can look up, and those too short for it."""

    indexed: tuple[str, ...]
    short: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.indexed + self.short


def search_terms(query: str) -> SearchTerms:
    """The query split at spaces (the ideographic space too), each term once, case-folded."""
    terms = list(dict.fromkeys(term.casefold() for term in query.split()))
    return SearchTerms(
        indexed=tuple(t for t in terms if len(t) >= TRIGRAM),
        short=tuple(t for t in terms if len(t) < TRIGRAM),
    )


def searchable_text(resource: Resource) -> str:
    """Everything a search looks in, one field a line (a term never spans two fields)."""
    parts: list[str] = [resource.id, *resource.title.values(), *resource.summary.values()]
    parts += [resource.publisher, resource.city, resource.sector, resource.instrument]
    parts += [*resource.indicators, *resource.pathways, *resource.sdg_targets, *resource.support]
    return "\n".join(part for part in parts if part)


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

    An empty query matches every resource, so the facets alone browse the catalogue.
    """
    terms = search_terms(query)
    found = [
        r
        for r in resources
        if matches(r, terms)
        and (kind is None or r.kind == kind)
        and (language is None or language in r.languages)
        and (pathway is None or pathway in r.pathways)
    ]
    return ordered(found)


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

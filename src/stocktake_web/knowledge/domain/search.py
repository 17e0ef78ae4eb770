"""Searching a network's catalogue in the database, by the core's one rule.

Every term of the query must appear in the resource's searchable text, ignoring case
(:mod:`stocktake.knowledge.search`). On SQLite, terms of three characters or more go to the FTS5
index built with the ``trigram`` tokenizer, which finds any substring, Chinese, Japanese and
Korean included; shorter terms (a two-character Chinese word such as 韌性) cannot be looked up in
a trigram index and are matched with ``LIKE``. On PostgreSQL every term is an ``ILIKE``, which a
``pg_trgm`` GIN index answers. Facets count the kinds, languages and pathways of the matches,
each facet without its own choice, so that a count says what choosing the value finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL

from stocktake.knowledge.search import search_terms
from stocktake_web.knowledge.models import Resource, ResourceTag
from stocktake_web.network.models import Network

FTS_TABLE = "knowledge_resource_fts"
"""The SQLite FTS5 table over ``knowledge_resource.search_text`` (migration 0002)."""


@dataclass(frozen=True)
class Facets:
    """Counts of the matching resources by kind, language and pathway, largest first."""

    kind: list[tuple[str, int]] = field(default_factory=list)
    language: list[tuple[str, int]] = field(default_factory=list)
    pathway: list[tuple[str, int]] = field(default_factory=list)


def matching_resources(
    *,
    network: Network,
    query: str,
    kind: str = "",
    language: str = "",
    pathway: str = "",
) -> QuerySet[Resource]:
    """The network's resources matching the query and the chosen facets, newest first."""
    found = Resource.objects.filter(network=network)
    terms = search_terms(query)
    scanned = terms.all if connection.vendor != "sqlite" else terms.short
    if connection.vendor == "sqlite" and terms.indexed:
        found = found.filter(id__in=RawSQL(_fts_sql(), (_fts_query(terms.indexed),)))
    for term in scanned:
        found = found.filter(search_text__contains=term)
    if kind:
        found = found.filter(kind=kind)
    for tag_kind, value in (
        (ResourceTag.Kind.LANGUAGE, language),
        (ResourceTag.Kind.PATHWAY, pathway),
    ):
        if value:  # language tags are case-insensitive (BCP 47): zh-hant is zh-Hant
            found = found.filter(tags__kind=tag_kind, tags__value__iexact=value)
    return found.order_by(F("year").desc(nulls_last=True), "key")


def _fts_sql() -> str:
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"


def _fts_query(terms: tuple[str, ...]) -> str:
    """Each term as an FTS5 string (quotes doubled), all of them required."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def facets_of(
    *, network: Network, query: str, kind: str = "", language: str = "", pathway: str = ""
) -> Facets:
    """How many matches there are of each kind, language and pathway, each facet counted with
    the query and the *other* facets' choices but not its own: choosing a value of a facet
    replaces that facet's choice, so the count beside the value is what choosing it finds
    (three queries)."""
    chosen = {"kind": kind, "language": language, "pathway": pathway}

    def matches(without: str) -> QuerySet[Resource, Any]:
        others = {name: value for name, value in chosen.items() if name != without}
        ids = matching_resources(network=network, query=query, **others)
        return ids.order_by().values("id")

    kinds = (
        Resource.objects.filter(id__in=matches("kind"))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Facets(
        kind=_largest([(k, n) for k, n in kinds]),
        language=_tag_counts(matches("language"), ResourceTag.Kind.LANGUAGE),
        pathway=_tag_counts(matches("pathway"), ResourceTag.Kind.PATHWAY),
    )


def _tag_counts(ids: QuerySet[Resource, Any], tag_kind: str) -> list[tuple[str, int]]:
    counts = (
        ResourceTag.objects.filter(resource_id__in=ids, kind=tag_kind)
        .values_list("value")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _largest([(value, n) for value, n in counts])


def _largest(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(counts, key=lambda item: (-item[1], item[0]))

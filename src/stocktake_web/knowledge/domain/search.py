"""Searching a network's catalogue in the database, by the core's one rule.

Every term of the query must appear in the resource's searchable text, ignoring case
(:mod:`stocktake.knowledge.search`). On SQLite, terms of three characters or more go to the FTS5
index built with the ``trigram`` tokenizer, which finds any substring, Chinese, Japanese and
Korean included; shorter terms (a two-character Chinese word such as 韌性) cannot be looked up in
a trigram index and are matched with ``LIKE``. On PostgreSQL every term is an ``ILIKE``, which a
``pg_trgm`` GIN index answers. Facets count the kinds, languages and pathways of the matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
        if value:
            found = found.filter(tags__kind=tag_kind, tags__value=value)
    return found.order_by(F("year").desc(nulls_last=True), "key")


def _fts_sql() -> str:
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"


def _fts_query(terms: tuple[str, ...]) -> str:
    """Each term as an FTS5 string (quotes doubled), all of them required."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def facets_of(found: QuerySet[Resource]) -> Facets:
    """How many of ``found`` there are of each kind, language and pathway (two queries)."""
    ids = found.order_by().values("id")
    kinds = (
        Resource.objects.filter(id__in=ids).values_list("kind").annotate(n=Count("id")).order_by()
    )
    tags = (
        ResourceTag.objects.filter(
            resource_id__in=ids, kind__in=(ResourceTag.Kind.LANGUAGE, ResourceTag.Kind.PATHWAY)
        )
        .values_list("kind", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_kind: dict[str, list[tuple[str, int]]] = {"language": [], "pathway": []}
    for tag_kind, value, count in tags:
        by_kind[tag_kind].append((value, count))
    return Facets(
        kind=_largest([(k, n) for k, n in kinds]),
        language=_largest(by_kind["language"]),
        pathway=_largest(by_kind["pathway"]),
    )


def _largest(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(counts, key=lambda item: (-item[1], item[0]))

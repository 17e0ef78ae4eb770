"""What the catalogue pages show, as plain rows in the reader's language.

The core returns resources and reasons by code; these rows carry the titles, labels and
sentences a template prints, so templates only loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from stocktake import knowledge as core
from stocktake.frameworks import Framework
from stocktake.knowledge.matching import Reason
from stocktake.scoring.scores import PATHWAY_TITLES
from stocktake_web.knowledge.domain.key_areas import CityKnowledge
from stocktake_web.knowledge.models import Resource
from stocktake_web.languages import current_language, localised
from stocktake_web.peers.interfaces import pages, reasons


def kind_label(kind: str) -> str:
    return str(dict(Resource.Kind.choices).get(kind, kind))


def pathway_label(key: str) -> str:
    return localised(PATHWAY_TITLES[key]) if key in PATHWAY_TITLES else key


@dataclass(frozen=True)
class FileRow:
    """A resource's file: its name as uploaded, and the permission-checked link to it."""

    name: str
    url: str


def file_row(resource: Resource, network: str) -> FileRow | None:
    """The stored resource's file, if it has one (``network``: the network's slug)."""
    if not resource.file:
        return None
    url = reverse("knowledge:resource_file", args=[network, resource.key])
    return FileRow(resource.file_name, url)


def file_rows(resources: Iterable[Resource], network: str) -> dict[str, FileRow]:
    """Resource id -> its file, for the resources that have one."""
    return {r.key: row for r in resources if (row := file_row(r, network)) is not None}


@dataclass(frozen=True)
class ResourceRow:
    """A resource as a list shows it."""

    key: str
    title: str
    summary: str
    kind: str
    languages: list[str]
    publisher: str
    year: int | None
    link: str
    licence: str
    pathways: list[str]
    indicators: list[str]
    city: str
    file: FileRow | None = None


def resource_row(
    resource: core.Resource,
    cities: Mapping[str, str] | None = None,
    *,
    file: FileRow | None = None,
) -> ResourceRow:
    """The resource in the reader's language; ``cities`` names member cities by short name."""
    lang = current_language()
    return ResourceRow(
        key=resource.id,
        title=resource.title_in(lang),
        summary=resource.summary_in(lang),
        kind=kind_label(resource.kind),
        languages=list(resource.languages),
        publisher=resource.publisher,
        year=resource.year,
        link=resource.link,
        licence=resource.licence,
        pathways=[pathway_label(p) for p in resource.pathways],
        indicators=list(resource.indicators),
        city=(cities or {}).get(resource.city, resource.city),
        file=file,
    )


@dataclass(frozen=True)
class RecommendationRow:
    resource: ResourceRow
    deadline: object
    reasons: list[str]


@dataclass(frozen=True)
class KeyAreaRow:
    rank: int
    indicator: str
    title: str
    recommendations: list[RecommendationRow]
    helpers: list[pages.HelperRow]


def key_area_rows(
    found: CityKnowledge, framework: Framework, files: Mapping[str, FileRow] | None = None
) -> list[KeyAreaRow]:
    """Each key area with its resources and the reasons, and the peers with theirs; ``files``
    holds the resources' files by id."""
    files = files or {}
    names = pages.names_of(found.named) if found.named is not None else (lambda slug: slug)
    return [
        KeyAreaRow(
            rank=area.rank,
            indicator=area.indicator,
            title=localised(area.title),
            recommendations=[
                RecommendationRow(
                    resource_row(item.resource, file=files.get(item.resource.id)),
                    item.resource.deadline,
                    [reason_sentence(r, framework, names) for r in item.reasons],
                )
                for item in area.recommendations
            ],
            helpers=[
                pages.HelperRow(names(h.city), h.city, reasons.helper_reasons(h, framework, names))
                for h in area.helpers
            ],
        )
        for area in found.key_areas
    ]


def reason_sentence(reason: Reason, framework: Framework, names: reasons.Names) -> str:
    """Why a resource is proposed, in the reader's language."""
    params = reason.params
    if reason.code == "indicator":
        return _("Tagged with %(indicator)s.") % {
            "indicator": reasons.indicator_name(framework, params["indicator"])
        }
    if reason.code == "sdg":
        return _("On the SDG targets of this indicator: %(targets)s.") % {
            "targets": reasons.listed(params["targets"])
        }
    if reason.code == "pathway":
        return _("On the pathways of this indicator: %(pathways)s.") % {
            "pathways": reasons.listed(pathway_label(p) for p in params["pathways"])
        }
    if reason.code == "support":
        return _("Gives the support your departments asked for: %(support)s.") % {
            "support": reasons.listed(_support_labels(framework, params["support"]))
        }
    if reason.code == "language":
        return _("Available in %(languages)s.") % {"languages": reasons.listed(params["languages"])}
    if reason.code == "peer":
        return _("Used by %(city)s, which is strong here and agreed to share.") % {
            "city": _peer_name(params["city"], names)
        }
    return reason.text


def _support_labels(framework: Framework, kinds: Iterable[str]) -> list[str]:
    labels = {kind.id: kind.label for kind in framework.support_kinds}
    return [localised(labels[k]) if k in labels else k for k in kinds]


def _peer_name(city: str, names: reasons.Names) -> str:
    try:
        return names(city)
    except KeyError:
        return city

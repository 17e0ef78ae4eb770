"""Loading a network's catalogue, and reading it back as the core's records.

Loading is all or nothing and idempotent, one load at a time: the core has checked every row already
(:func:`stocktake.knowledge.read_catalogue`), and here each resource is added, or updated when
its id exists and something differs, in one transaction. Loading the same file twice changes
nothing the second time. Resources that the file does not name are kept: a secretariat loads a
file of new and corrected resources without sending the whole catalogue again. So loading never
deletes a resource, and never touches a resource's file, which the file has no column for
(:mod:`stocktake_web.knowledge.domain.files`).

A load from the web page or the ``load_catalogue`` command is in the network's audit log
(:func:`load_catalogue_file`); the demonstration's own catalogue is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stocktake import knowledge as core
from stocktake.knowledge.search import searchable_text
from stocktake_web.audit.domain.events import Actor, record_event
from stocktake_web.audit.models import AuditEvent
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.knowledge.models import Resource, ResourceTag
from stocktake_web.network.models import Network

TAG_FIELDS: dict[str, str] = {
    ResourceTag.Kind.LANGUAGE: "languages",
    ResourceTag.Kind.INDICATOR: "indicators",
    ResourceTag.Kind.PATHWAY: "pathways",
    ResourceTag.Kind.SDG_TARGET: "sdg_targets",
    ResourceTag.Kind.SUPPORT: "support",
}
"""Tag kind -> the core record's field holding those tags."""
PLAIN_FIELDS = (
    "kind",
    "title",
    "summary",
    "publisher",
    "year",
    "link",
    "licence",
    "city",
    "sector",
    "instrument",
    "deadline",
)


@dataclass(frozen=True)
class Loaded:
    """What a load did: resources added, changed, and those already as the file says."""

    added: int
    changed: int
    unchanged: int


def catalogue_vocabulary() -> core.Vocabulary:
    """The tags of every framework stored in this installation (bundled or imported)."""
    return core.Vocabulary.of(version.load() for version in FrameworkVersion.objects.all())


def network_resources(network: Network) -> QuerySet[Resource]:
    """The network's resources with their tags (one query for the tags)."""
    return Resource.objects.filter(network=network).prefetch_related("tags")


def as_core(resource: Resource) -> core.Resource:
    """The stored resource as the core's record (reads the prefetched tags)."""
    tags: dict[str, list[str]] = {name: [] for name in TAG_FIELDS.values()}
    for tag in sorted(resource.tags.all(), key=lambda t: t.position):
        tags[TAG_FIELDS[tag.kind]].append(tag.value)
    return core.Resource(
        id=resource.key,
        kind=resource.kind,
        title=resource.title,
        summary=resource.summary,
        languages=tuple(tags["languages"]),
        publisher=resource.publisher,
        year=resource.year,
        link=resource.link,
        licence=resource.licence,
        indicators=tuple(tags["indicators"]),
        pathways=tuple(tags["pathways"]),
        sdg_targets=tuple(tags["sdg_targets"]),
        support=tuple(tags["support"]),
        city=resource.city,
        sector=resource.sector,
        instrument=resource.instrument,
        deadline=resource.deadline,
    )


def core_catalogue(network: Network) -> list[core.Resource]:
    return [as_core(resource) for resource in network_resources(network)]


class CatalogueFull(ValueError):
    """The load would take the network's catalogue past the rows one file may hold."""

    def __init__(self, total: int) -> None:
        self.total = total
        super().__init__(
            _(
                "Nothing was loaded: the catalogue would hold %(total)s resources, and a "
                "catalogue file holds at most %(limit)s, so its export could not be loaded "
                "back. Ask an administrator to remove resources no longer needed (in the "
                "administration site), or load only changes to the resources there are."
            )
            % {"total": total, "limit": core.MAX_ROWS}
        )


def load_catalogue(*, network: Network, resources: Sequence[core.Resource]) -> Loaded:
    """Add or update every resource of a checked file, in one transaction.

    The network's row is locked first, so two loads at once (a double submit) run one after the
    other: the second finds the first's resources and adds none again. Locking the resources
    alone would not do, as a first load has none to lock. A load that would take the catalogue
    past :data:`stocktake.knowledge.MAX_ROWS` resources is refused whole
    (:class:`CatalogueFull`): loads only add, and the catalogue's own export must always load
    back.
    """
    with transaction.atomic():
        Network.objects.select_for_update().only("pk").get(pk=network.pk)
        stored = {r.key: r for r in network_resources(network).select_for_update()}
        total = len(stored.keys() | {record.id for record in resources})
        if total > core.MAX_ROWS and total > len(stored):  # a load that adds nothing may update
            raise CatalogueFull(total)
        added = changed = 0
        for record in resources:
            existing = stored.get(record.id)
            if existing is not None and as_core(existing) == record:
                continue
            _save(network, existing, record)
            added += existing is None
            changed += existing is not None
    return Loaded(added, changed, len(resources) - added - changed)


def load_catalogue_file(
    *,
    network: Network,
    resources: Sequence[core.Resource],
    file_name: str,
    by: Actor,
    from_command: bool = False,
) -> Loaded:
    """:func:`load_catalogue`, recorded in the audit log in the same transaction: the file's
    name and what the load did. Only a checked file reaches here, so a refused file (nothing
    loaded) is never recorded; a file that changed nothing is, as someone did load it.
    ``from_command`` marks a load by ``manage.py load_catalogue``, which no account made: the
    log names the command in the reader's language rather than a stored name in one."""
    with transaction.atomic():
        loaded = load_catalogue(network=network, resources=resources)
        details: dict[str, object] = {"file": file_name[:200], **asdict(loaded)}
        if from_command:
            details["via"] = "command"
        record_event(
            kind=AuditEvent.Kind.CATALOGUE_LOADED,
            actor=by,
            network_id=network.pk,
            details=details,
        )
    return loaded


def _save(network: Network, existing: Resource | None, record: core.Resource) -> None:
    resource = existing or Resource(network=network, key=record.id)
    for name in PLAIN_FIELDS:
        setattr(resource, name, getattr(record, name))
    resource.search_text = searchable_text(record).casefold()
    resource.save()
    if existing is not None:
        resource.tags.all().delete()
    ResourceTag.objects.bulk_create(_tags(resource, record))


def _tags(resource: Resource, record: core.Resource) -> Iterable[ResourceTag]:
    for kind, name in TAG_FIELDS.items():
        for position, value in enumerate(getattr(record, name)):
            yield ResourceTag(resource=resource, kind=kind, value=value, position=position)

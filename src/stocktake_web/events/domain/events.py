"""Recording the network's events, and finding them again by city, indicator and year.

Every check that keeps an event inside its network lives here, so that the secretariat's form,
the workshop planner and the demo data are held to the same rules: the host city and every
participant belong to the event's network, a department belongs to its city, indicators and
pathways are the framework's own, and the last day is not before the first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from stocktake.frameworks import PATHWAYS, Framework
from stocktake_web.accounts.models import User
from stocktake_web.audit.domain import record_network_event_saved
from stocktake_web.events.models import TITLE_MAX_LENGTH, Event, EventParticipant
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City, Cohort, Department, Network
from stocktake_web.permissions import AnyUser

Participant = tuple[City, Department | None]
"""A city that took part, and the department that came (``None``: the city as a whole)."""


class InvalidEventError(ValueError):
    """An event that does not fit its network or its framework; the message is translated."""


@dataclass(frozen=True)
class EventDetails:
    """What the secretariat says about an event, checked together against its network."""

    kind: str
    title: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    place: str = ""
    online: bool = False
    organisers: str = ""
    host_city: City | None = None
    cohort: Cohort | None = None
    framework: FrameworkVersion | None = None
    indicators: Sequence[str] = ()
    pathways: Sequence[str] = ()
    participants: Sequence[Participant] = ()


def record_event(
    *,
    network: Network,
    kind: str,
    title: str,
    start: datetime.date,
    end: datetime.date,
    created_by: User | None,
    cohort: Cohort | None = None,
    description: str = "",
    place: str = "",
    online: bool = False,
    organisers: str = "",
    host_city: City | None = None,
    framework: FrameworkVersion | None = None,
    indicators: Iterable[str] = (),
    pathways: Iterable[str] = (),
    participants: Iterable[Participant] = (),
) -> Event:
    """A new event of ``network`` with its participants (raises :class:`InvalidEventError`)."""
    details = EventDetails(
        kind=kind,
        title=title,
        start=start,
        end=end,
        description=description,
        place=place,
        online=online,
        organisers=organisers,
        host_city=host_city,
        cohort=cohort,
        framework=framework,
        indicators=tuple(indicators),
        pathways=tuple(pathways),
        participants=tuple(participants),
    )
    return record_described_event(network=network, created_by=created_by, details=details)


def record_described_event(
    *, network: Network, created_by: AnyUser | None, details: EventDetails
) -> Event:
    """A new event of ``network`` as ``details`` describe it (the secretariat's form)."""
    author = created_by if isinstance(created_by, User) else None
    return _save(Event(network=network, created_by=author), details, by=created_by)


def change_event(*, event: Event, details: EventDetails, by: AnyUser | None) -> Event:
    """``event`` with new details; its participants become those of ``details``."""
    return _save(event, details, by=by)


def record_planned_workshop(
    *,
    cohort: Cohort,
    framework: FrameworkVersion,
    topic: str,
    host: City,
    participants: Iterable[City],
    start: datetime.date,
    created_by: User | None,
    title: str = "",
) -> Event:
    """The event of a workshop the planner proposed: one day, hosted by ``host``, on ``topic``.

    Recording the same cohort, topic, host and first day again returns the event already
    recorded, also when two clicks arrive at once: a unique constraint decides, and the click
    that loses the race reads the winner's event.
    """
    found = _planned(cohort=cohort, topic=topic, host=host, start=start)
    if found is not None:
        return found
    details = EventDetails(
        kind=Event.Kind.WORKSHOP,
        title=(title or _indicator_title(framework.load(), topic))[:TITLE_MAX_LENGTH],
        start=start,
        end=start,
        host_city=host,
        cohort=cohort,
        framework=framework,
        indicators=(topic,),
        participants=tuple((city, None) for city in participants),
    )
    event = Event(network=cohort.network, cohort=cohort, created_by=created_by, planned_topic=topic)
    try:
        return _save(event, details, by=created_by)
    except IntegrityError:
        existing = _planned(cohort=cohort, topic=topic, host=host, start=start)
        if existing is None:
            raise
        return existing


def _save(event: Event, details: EventDetails, *, by: AnyUser | None) -> Event:
    """Checks ``details`` against the event's network and framework, then stores the event
    with exactly the participants of ``details``, and says so in the audit log."""
    created = event.pk is None
    _check(event.network_id, details)
    for name in _COPIED:
        setattr(event, name, getattr(details, name))
    event.title = details.title.strip()
    event.indicators = _unique(details.indicators)
    event.pathways = _unique(details.pathways)
    with transaction.atomic():
        event.save()  # an edit's UPDATE locks the row: two edits at once go one after the other
        event.participants.all().delete()
        EventParticipant.objects.bulk_create(
            EventParticipant(event=event, city=city, department=department)
            for city, department in dict.fromkeys(details.participants)
        )
        record_network_event_saved(event=event, by=by, created=created)
    return event


_COPIED = (
    "kind",
    "start",
    "end",
    "description",
    "place",
    "online",
    "organisers",
    "host_city",
    "cohort",
    "framework",
)


def events_of_city(city: City, *, year: int | None = None) -> list[Event]:
    """The events ``city`` hosted or took part in, latest first (in ``year`` when given)."""
    events = with_details(
        Event.objects.filter(Q(host_city=city) | Q(participants__city=city)).distinct()
    )
    if year is not None:
        events = events.filter(start__year=year)
    return list(events)


def events_targeting(network: Network, indicator: str) -> list[Event]:
    """The events of ``network`` that had ``indicator`` among their topics, latest first.

    Indicator ids are compared in Python rather than with a JSON lookup, which SQLite and
    PostgreSQL answer differently; a network records tens of events a year.
    """
    events = with_details(Event.objects.filter(network=network))
    return [event for event in events if indicator in event.indicators]


def with_details(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with what pages show of them: host, cohort, framework (its definition is read
    once per process), participants and materials."""
    return (
        events.select_related("host_city", "cohort", "framework")
        .defer("framework__definition")
        .prefetch_related("participants__city", "participants__department", "materials")
    )


def _planned(*, cohort: Cohort, topic: str, host: City, start: datetime.date) -> Event | None:
    return Event.objects.filter(
        cohort=cohort, planned_topic=topic, host_city=host, start=start
    ).first()


def _check(network_id: int, details: EventDetails) -> None:
    _check_kind_and_texts(details)
    _check_dates(details.start, details.end)
    _check_cities(network_id, details.host_city, details.participants)
    if details.cohort is not None and details.cohort.network_id != network_id:
        raise InvalidEventError(
            _("The cohort %(cohort)s is not one of this network.") % {"cohort": details.cohort}
        )
    _check_topics(details.framework, list(details.indicators), list(details.pathways))


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _check_kind_and_texts(details: EventDetails) -> None:
    if details.kind not in Event.Kind.values:
        raise InvalidEventError(_("Choose the kind of event from the list."))
    if not details.title.strip():
        raise InvalidEventError(_("Give the event a title."))
    for name in ("title", "place", "organisers"):
        field = Event._meta.get_field(name)
        longest = getattr(field, "max_length", None) or 0
        if len(getattr(details, name).strip()) > longest:
            raise InvalidEventError(
                _("The %(field)s is longer than %(count)d characters; shorten it.")
                % {"field": getattr(field, "verbose_name", name), "count": longest}
            )


def _check_dates(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise InvalidEventError(
            _("The last day (%(end)s) is before the first day (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )


def _check_cities(
    network_id: int, host_city: City | None, participants: Sequence[Participant]
) -> None:
    cities = [city for city, _department in participants]
    if host_city is not None:
        cities.append(host_city)
    for city in cities:
        if city.network_id != network_id:
            raise InvalidEventError(
                _("%(city)s is not a member of this network.") % {"city": city.display_name()}
            )
    for city, department in participants:
        if department is not None and department.city_id != city.pk:
            raise InvalidEventError(
                _("The department %(department)s is not one of %(city)s.")
                % {"department": department.display_name(), "city": city.display_name()}
            )


def _check_topics(
    framework: FrameworkVersion | None, indicators: list[str], pathways: list[str]
) -> None:
    if framework is None:
        if indicators:
            raise InvalidEventError(_("Choose the framework the indicators come from."))
        known_pathways: Iterable[str] = PATHWAYS
    else:
        loaded = framework.load()
        known = {indicator.id for indicator in loaded.indicators()}
        unknown = [indicator for indicator in indicators if indicator not in known]
        if unknown:
            raise InvalidEventError(
                _("%(framework)s has no indicator %(indicators)s.")
                % {"framework": framework.key, "indicators": ", ".join(unknown)}
            )
        known_pathways = framework_pathways(loaded)
    strange = [pathway for pathway in pathways if pathway not in known_pathways]
    if strange:
        raise InvalidEventError(
            _("These are not pathways of the framework: %(pathways)s.")
            % {"pathways": ", ".join(strange)}
        )


def framework_pathways(framework: Framework) -> list[str]:
    """The pathways some indicator of ``framework`` is tagged with, in the usual order."""
    tagged = {pathway for indicator in framework.indicators() for pathway in indicator.pathways}
    return [pathway for pathway in PATHWAYS if pathway in tagged]


def event_pathways(event: Event) -> list[str]:
    """The pathways ``event`` served: those chosen for it and those of its indicators, in the
    usual order. A workshop on an indicator tagged "low emission" serves that pathway even when
    nobody ticked it."""
    served = set(event.pathways)
    if event.framework is not None and event.indicators:
        loaded = event.framework.load()
        for indicator in loaded.indicators():
            if indicator.id in event.indicators:
                served.update(indicator.pathways)
    return [pathway for pathway in PATHWAYS if pathway in served]


def indicator_titles(event: Event) -> list[tuple[str, dict[str, str] | None]]:
    """Each indicator of ``event`` with its title in the event's framework version (None for
    an id the version does not have)."""
    if event.framework is None:
        return [(indicator, None) for indicator in event.indicators]
    loaded = event.framework.load()
    titles = {indicator.id: dict(indicator.title) for indicator in loaded.indicators()}
    return [(indicator, titles.get(indicator)) for indicator in event.indicators]


def _indicator_title(framework: Framework, indicator_id: str) -> str:
    """The title of the workshop's indicator in the language of whoever records it (an event's
    title is one text); an unknown id is refused."""
    try:
        indicator = framework.indicator(indicator_id)
    except KeyError:
        raise InvalidEventError(
            _("%(framework)s has no indicator %(indicators)s.")
            % {"framework": framework.key, "indicators": indicator_id}
        ) from None
    return localised(indicator.title)

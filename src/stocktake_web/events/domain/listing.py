"""Which events a person sees, filtered as the list page asks, and the choices its form offers.

Events are the network's activity rather than a city's results, so they are not held by the
consent tiers of rounds. Still, which city took part in what is the cities' business: the
secretariat sees every event of its network; the users of a member city see the events their
city hosted or took part in, and the events that name no city at all (a forum open to the whole
network). This rule is :func:`is_visible`, used by the list, the detail page and the year's
activity alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import QuerySet

from stocktake_web.events.domain.events import event_pathways, with_details
from stocktake_web.events.models import Event
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Network

ALL_CITIES = None
"""``cities`` for the secretariat: it sees every event of its network."""


@dataclass(frozen=True)
class EventFilters:
    """What the list page narrows the events to; ``None`` leaves a dimension open."""

    year: int | None = None
    kind: str | None = None
    pathway: str | None = None
    city: City | None = None


def member_cities(network: Network, city_ids: Collection[int]) -> list[City]:
    """The cities of ``network`` among ``city_ids`` (where a person holds a role)."""
    return list(network.cities.filter(pk__in=city_ids))


def network_cities(network: Network) -> list[City]:
    """Every city of ``network``, with its departments, for the forms' choices."""
    return list(network.cities.prefetch_related("departments"))


def event_cities(event: Event) -> set[int]:
    """The ids of the cities that hosted ``event`` or took part in it."""
    named = {participant.city_id for participant in event.participants.all()}
    if event.host_city_id is not None:
        named.add(event.host_city_id)
    return named


def is_visible(event: Event, cities: Collection[int] | None) -> bool:
    """Whether a person whose cities are ``cities`` (:data:`ALL_CITIES` for the secretariat)
    sees ``event``."""
    if cities is ALL_CITIES:
        return True
    named = event_cities(event)
    return not named or bool(named & set(cities))


def visible_events(
    network: Network, *, cities: Collection[int] | None, filters: EventFilters
) -> list[Event]:
    """The events of ``network`` that a person with ``cities`` sees, narrowed by ``filters``,
    latest first (a network holds tens of events a year: the rule runs in Python)."""
    events = _network_events(network)
    if filters.year is not None:
        events = events.filter(start__year=filters.year)
    if filters.kind is not None:
        events = events.filter(kind=filters.kind)
    return [
        event
        for event in events
        if is_visible(event, cities)
        and (filters.pathway is None or filters.pathway in event_pathways(event))
        and (filters.city is None or filters.city.pk in event_cities(event))
    ]


def event_in_network(network: Network, event_id: int) -> Event | None:
    """The event ``event_id`` of ``network``, with what its page shows."""
    return _network_events(network).filter(pk=event_id).first()


def framework_versions() -> list[FrameworkVersion]:
    """The imported framework versions an event may be on (their definitions read when used)."""
    return list(FrameworkVersion.objects.defer("definition"))


def event_years(network: Network) -> list[int]:
    """The years in which ``network`` has events, latest first."""
    dates = Event.objects.filter(network=network).dates("start", "year", order="DESC")
    return [day.year for day in dates]


def _network_events(network: Network) -> QuerySet[Event]:
    return with_details(Event.objects.filter(network=network))

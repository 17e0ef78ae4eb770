"""A city's key areas for development beside the network's events that targeted them.

The key areas are those of the city's latest round (signed off or not: the dashboard shows the
same ones), never a training round's: an exercise is not where the city stands. An event
targeted a key area when the key area's indicator is among its topics and it was on the same
framework (any version: indicator ids are kept across versions unless a crosswalk renames
them). Whether the city took part is read from the event's participants and
host; an event that names no city is the whole network's, and says so.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from stocktake_web.assessments.domain.lookups import latest_counted, rounds_of_city
from stocktake_web.assessments.domain.results import round_records
from stocktake_web.assessments.models import Round
from stocktake_web.events.domain.listing import EventFilters, event_cities, visible_events
from stocktake_web.events.models import Event
from stocktake_web.network.models import City


@dataclass(frozen=True)
class TargetingEvent:
    """An event on a key area; ``took_part`` is None for an event that names no city."""

    event: Event
    took_part: bool | None


@dataclass(frozen=True)
class KeyAreaEvents:
    rank: int
    indicator: str
    title: dict[str, str]
    events: list[TargetingEvent]


@dataclass(frozen=True)
class CityKeyAreaEvents:
    """The city's latest round (None before its first) and its key areas with their events."""

    round: Round | None
    key_areas: list[KeyAreaEvents]


def key_area_events(city: City, *, cities: Collection[int] | None) -> CityKeyAreaEvents:
    """The key areas of ``city``'s latest round, each with the events on it that a viewer with
    ``cities`` may see, latest first."""
    latest = latest_counted(rounds_of_city(city))
    if latest is None:
        return CityKeyAreaEvents(round=None, key_areas=[])
    priorities = round_records(latest).priorities
    events = [
        event
        for event in visible_events(city.network, cities=cities, filters=EventFilters())
        if event.framework is not None
        and event.framework.framework_id == latest.framework.framework_id
    ]
    return CityKeyAreaEvents(
        round=latest,
        key_areas=[_key_area(city, item, events) for item in priorities],
    )


def _key_area(city: City, item: dict[str, Any], events: list[Event]) -> KeyAreaEvents:
    on_topic = [event for event in events if item["indicator"] in event.indicators]
    return KeyAreaEvents(
        rank=item["rank"],
        indicator=item["indicator"],
        title=item["title"],
        events=[TargetingEvent(event, _took_part(city, event)) for event in on_topic],
    )


def _took_part(city: City, event: Event) -> bool | None:
    named = event_cities(event)
    return city.pk in named if named else None

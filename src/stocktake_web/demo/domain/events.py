"""A year of the demo network's activity, recorded through the events' domain function.

Workshops, webinars, trainings, a site visit and forums, one every few weeks over the twelve
months before the demo's day, and a forum still to come. Each names its topics (indicators and
pathways of the demo framework), its host and the cities that took part. The seven fictional
cities of the cast take part by position; in a larger demo (load tests), a few numbered cities
join each event as well, so recording the year costs the same however many cities there are.

The subjects a city worked on at past events are its *focus*: the demo moves them up more often
in the city's later round, so the progress pages have something to set beside the events.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from stocktake_web.accounts.models import User
from stocktake_web.events.domain.events import record_event
from stocktake_web.events.models import Event
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Cohort, Department

SECRETARIAT = "Network secretariat (fictional)"
CAST_SIZE = 7
"""Participants and hosts are given as positions in the cast; further cities repeat them."""

EXTRA_PARTICIPANTS = 5
"""At most this many numbered cities beyond the cast join each event."""


@dataclass(frozen=True)
class EventSketch:
    """One demo event: when (days from the demo's day), what, who hosts and who takes part."""

    kind: str
    title: str
    day: int
    days: int
    indicators: tuple[str, ...]
    pathways: tuple[str, ...]
    participants: tuple[int, ...]
    host: int | None = None
    online: bool = False
    description: str = ""


EVERYONE = tuple(range(CAST_SIZE))

YEAR_OF_EVENTS: tuple[EventSketch, ...] = (
    EventSketch(
        Event.Kind.WEBINAR,
        "Kick-off webinar: reading your baseline results",
        day=-340,
        days=1,
        indicators=(),
        pathways=(),
        participants=EVERYONE,
        online=True,
        description="How to read the scores, the key areas and the departments' disagreements.",
    ),
    EventSketch(
        Event.Kind.WORKSHOP,
        "Peer workshop: greenhouse-gas inventories",
        day=-312,
        days=1,
        indicators=("ENV-01",),
        pathways=("low_emission",),
        participants=(3, 4, 5, 6),
        host=0,
    ),
    EventSketch(
        Event.Kind.TRAINING,
        "Training: monitoring, reporting and evaluation",
        day=-283,
        days=2,
        indicators=("GOV-05",),
        pathways=("low_emission", "resilient"),
        participants=(2, 4, 5, 6),
        host=1,
        online=True,
    ),
    EventSketch(
        Event.Kind.SITE_VISIT,
        "Site visit: flood-resilient neighbourhoods",
        day=-251,
        days=2,
        indicators=("ENV-09", "SOC-06"),
        pathways=("resilient",),
        participants=(4, 5),
        host=1,
    ),
    EventSketch(
        Event.Kind.WEBINAR,
        "Webinar: climate and sustainability budgeting in practice",
        day=-224,
        days=1,
        indicators=("ECO-02",),
        pathways=("low_emission", "resilient"),
        participants=(3, 4, 6),
        host=2,
        online=True,
    ),
    EventSketch(
        Event.Kind.WORKSHOP,
        "Peer workshop: sustainable and active mobility",
        day=-193,
        days=1,
        indicators=("ENV-03",),
        pathways=("low_emission", "equitable"),
        participants=(3, 5, 6),
        host=2,
    ),
    EventSketch(
        Event.Kind.FORUM,
        "Mid-year forum of the community of practice",
        day=-162,
        days=2,
        indicators=(),
        pathways=("low_emission", "nature_based", "equitable", "resilient", "circular"),
        participants=EVERYONE,
        host=0,
    ),
    EventSketch(
        Event.Kind.WORKSHOP,
        "Peer workshop: bankable projects and access to finance",
        day=-131,
        days=1,
        indicators=("ECO-03",),
        pathways=("low_emission", "resilient"),
        participants=(4, 5, 6),
        host=0,
    ),
    EventSketch(
        Event.Kind.TRAINING,
        "Training: transparency and open data",
        day=-103,
        days=1,
        indicators=("GOV-04",),
        pathways=("equitable",),
        participants=(2, 5, 6),
        online=True,
    ),
    EventSketch(
        Event.Kind.WEBINAR,
        "Webinar: nature-based solutions for urban heat",
        day=-77,
        days=1,
        indicators=("ENV-08", "SOC-08"),
        pathways=("nature_based",),
        participants=(0, 3, 4, 5),
        online=True,
    ),
    EventSketch(
        Event.Kind.WORKSHOP,
        "Peer workshop: waste reduction and circular resource use",
        day=-56,
        days=1,
        indicators=("ENV-07",),
        pathways=("circular",),
        participants=(4, 5, 6),
        host=1,
    ),
    EventSketch(
        Event.Kind.FORUM,
        "Annual forum: what moved since the baseline",
        day=24,
        days=2,
        indicators=(),
        pathways=("low_emission", "nature_based", "equitable", "resilient", "circular"),
        participants=EVERYONE,
        host=5,
        description="Planned: each city presents what changed between its two rounds.",
    ),
)
"""The year's events; ``day`` counts from the demo's day (negative: already held)."""


def focus_of_cities(n_cities: int, today: datetime.date) -> dict[int, frozenset[str]]:
    """The indicators each city (by position) worked on at events held before ``today``."""
    focus: dict[int, set[str]] = {index: set() for index in range(n_cities)}
    for sketch in YEAR_OF_EVENTS:
        if sketch.day < 0:
            for index in _participants(sketch, n_cities):
                focus[index].update(sketch.indicators)
    return {index: frozenset(topics) for index, topics in focus.items()}


def record_year_of_events(
    *,
    cohort: Cohort,
    framework: FrameworkVersion,
    cities: Sequence[City],
    created_by: User,
    today: datetime.date,
) -> list[Event]:
    """Record :data:`YEAR_OF_EVENTS` for ``cities`` (in the cast's order), each participant
    coming with the department that owns the event's first topic where the city has one. In a
    demo of fewer cities than the cast, an event none of them took part in is left out."""
    owners = _owning_departments(framework)
    departments = {
        (dept.city_id, dept.slug): dept for dept in Department.objects.filter(city__in=cities)
    }
    events = []
    for sketch in YEAR_OF_EVENTS:
        host = (
            cities[sketch.host] if sketch.host is not None and sketch.host < len(cities) else None
        )
        start = today + datetime.timedelta(days=sketch.day)
        participants = [
            (cities[index], _department(cities[index], sketch, owners, departments))
            for index in _participants(sketch, len(cities))
        ]
        if not participants:
            continue
        events.append(
            record_event(
                network=cohort.network,
                cohort=cohort,
                kind=sketch.kind,
                title=sketch.title,
                description=sketch.description,
                start=start,
                end=start + datetime.timedelta(days=sketch.days - 1),
                created_by=created_by,
                place="" if sketch.online or host is None else host.display_name(),
                online=sketch.online,
                organisers=SECRETARIAT if host is None else f"{SECRETARIAT}, {host.display_name()}",
                host_city=host,
                framework=framework if sketch.indicators else None,
                indicators=sketch.indicators,
                pathways=sketch.pathways,
                participants=participants,
            )
        )
    return events


def _participants(sketch: EventSketch, n_cities: int) -> list[int]:
    """Positions of the cities taking part: the cast's, then a few numbered ones alike."""
    cast = [index for index in sketch.participants if index < n_cities]
    alike = [
        index for index in range(CAST_SIZE, n_cities) if index % CAST_SIZE in sketch.participants
    ]
    return cast + alike[:EXTRA_PARTICIPANTS]


def _owning_departments(framework: FrameworkVersion) -> dict[str, tuple[str, ...]]:
    return {ind.id: tuple(ind.departments) for ind in framework.load().indicators()}


def _department(
    city: City,
    sketch: EventSketch,
    owners: dict[str, tuple[str, ...]],
    departments: dict[tuple[int, str], Department],
) -> Department | None:
    """The city's department that owns the event's first topic; ``None`` (the city as a whole)
    for an event without topics or a city without such a department."""
    if not sketch.indicators:
        return None
    for slug in owners[sketch.indicators[0]]:
        if (city.pk, slug) in departments:
            return departments[(city.pk, slug)]
    return None

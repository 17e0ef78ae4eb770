"""The year's activity of a network: how many events served each pathway and each city.

An event counts once for every pathway it served (:func:`event_pathways`: those chosen and
those of its indicators), so the pathway counts may add up to more than the events; an event
that served no pathway is counted apart. A city counts an event once, whether it hosted it, sent
one department or several. Only the events the viewer may see are counted
(:func:`~stocktake_web.events.domain.listing.is_visible`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from stocktake.frameworks import PATHWAYS
from stocktake_web.events.domain.events import event_pathways
from stocktake_web.events.domain.listing import EventFilters, event_cities, visible_events
from stocktake_web.events.models import Event
from stocktake_web.network.models import City, Network


@dataclass(frozen=True)
class YearActivity:
    """The counts of one year; ``by_pathway`` in the usual order of pathways, ``by_city`` the
    busiest city first (ties by name), both leaving out what counted nothing."""

    year: int
    events: list[Event]
    by_pathway: list[tuple[str, int]]
    without_pathway: int
    by_city: list[tuple[City, int]]
    by_kind: list[tuple[str, int]]


def year_activity(network: Network, *, year: int, cities: Collection[int] | None) -> YearActivity:
    """What ``network`` did in ``year``, as a viewer with ``cities`` may see it."""
    events = visible_events(network, cities=cities, filters=EventFilters(year=year))
    served = [event_pathways(event) for event in events]
    pathway_counts = Counter(pathway for pathways in served for pathway in pathways)
    city_counts = Counter(city for event in events for city in event_cities(event))
    places = {city.pk: city for city in network.cities.filter(pk__in=city_counts)}
    by_city = sorted(
        ((places[pk], count) for pk, count in city_counts.items() if pk in places),
        key=lambda item: (-item[1], item[0].display_name()),
    )
    kinds = Counter(event.kind for event in events)
    return YearActivity(
        year=year,
        events=events,
        by_pathway=[(p, pathway_counts[p]) for p in PATHWAYS if pathway_counts[p]],
        without_pathway=sum(1 for pathways in served if not pathways),
        by_city=by_city,
        by_kind=[(kind, kinds[kind]) for kind in Event.Kind.values if kinds[kind]],
    )

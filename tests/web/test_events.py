"""The network's events: recorded through the domain and the secretariat's pages, refused when
they leave their network or framework, shown to the cities that took part, counted by year.

Events are network activity, not a city's results: every user of a member city sees the events
its city hosted or took part in and the network-wide events (those with no participants listed);
a city never sees another network's events. Only the secretariat records and edits them.
"""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from stocktake_web.events.domain.events import (
    InvalidEventError,
    events_of_city,
    events_targeting,
    record_event,
    record_planned_workshop,
)
from stocktake_web.events.models import Event
from stocktake_web.network.domain import add_city, create_network

from .conftest import Cast

MAY = datetime.date(2026, 5, 12)


def _workshop(cast: Cast) -> Event:
    return record_planned_workshop(
        cohort=cast.cohort,
        framework=cast.framework,
        topic="E1",
        host=cast.harbour,
        participants=[cast.hillside],
        start=MAY,
        created_by=cast.sam,
    )


def test_recorded_event_keeps_its_topics_and_participants(cast: Cast) -> None:
    event = record_event(
        network=cast.network,
        kind=Event.Kind.WEBINAR,
        title="  Heat plans  ",
        start=MAY,
        end=MAY,
        created_by=cast.sam,
        framework=cast.framework,
        indicators=["E1", "E3", "E1"],
        pathways=["low_emission"],
        participants=[(cast.harbour, cast.environment), (cast.hillside, None)],
    )

    event.refresh_from_db()
    assert event.title == "Heat plans"
    assert event.indicators == ["E1", "E3"]
    assert sorted((p.city.slug, p.department_id) for p in event.participants.all()) == [
        ("harbour", cast.environment.pk),
        ("hillside", None),
    ]


def test_events_of_city_are_those_it_hosted_or_attended(cast: Cast) -> None:
    hosted = _workshop(cast)
    attended = record_event(
        network=cast.network,
        kind=Event.Kind.FORUM,
        title="Forum",
        start=datetime.date(2025, 11, 3),
        end=datetime.date(2025, 11, 4),
        created_by=cast.sam,
        participants=[(cast.harbour, cast.environment), (cast.harbour, cast.planning)],
    )
    record_event(
        network=cast.network,
        kind=Event.Kind.TRAINING,
        title="Not ours",
        start=MAY,
        end=MAY,
        created_by=cast.sam,
        participants=[(cast.hillside, None)],
    )

    assert events_of_city(cast.harbour) == [hosted, attended]
    assert events_of_city(cast.harbour, year=2025) == [attended]
    assert events_of_city(cast.hillside, year=2024) == []


def test_events_targeting_an_indicator(cast: Cast) -> None:
    workshop = _workshop(cast)

    assert events_targeting(cast.network, "E1") == [workshop]
    assert events_targeting(cast.network, "E2") == []


def test_last_day_before_first_is_refused(cast: Cast) -> None:
    with pytest.raises(InvalidEventError, match="before the first day"):
        record_event(
            network=cast.network,
            kind=Event.Kind.FORUM,
            title="Backwards",
            start=MAY,
            end=MAY - datetime.timedelta(days=1),
            created_by=cast.sam,
        )
    assert not Event.objects.exists()


def test_unknown_indicator_is_refused(cast: Cast) -> None:
    with pytest.raises(InvalidEventError, match="no indicator X9"):
        record_event(
            network=cast.network,
            kind=Event.Kind.FORUM,
            title="Unknown",
            start=MAY,
            end=MAY,
            created_by=cast.sam,
            framework=cast.framework,
            indicators=["E1", "X9"],
        )


def test_participant_of_another_network_is_refused(cast: Cast) -> None:
    elsewhere = create_network(slug="far", name="Far Network")
    stranger = add_city(network=elsewhere, slug="stranger", name={"en": "Stranger"}, country="JP")

    with pytest.raises(InvalidEventError, match="Stranger is not a member"):
        record_event(
            network=cast.network,
            kind=Event.Kind.FORUM,
            title="Mixed",
            start=MAY,
            end=MAY,
            created_by=cast.sam,
            participants=[(cast.harbour, None), (stranger, None)],
        )
    assert not Event.objects.exists()


def test_department_of_another_city_is_refused(cast: Cast) -> None:
    with pytest.raises(InvalidEventError, match="not one of Harbour City"):
        record_event(
            network=cast.network,
            kind=Event.Kind.FORUM,
            title="Mixed",
            start=MAY,
            end=MAY,
            created_by=cast.sam,
            participants=[(cast.harbour, cast.hill_environment)],
        )


def test_planned_workshop_clicked_twice_is_one_event(cast: Cast) -> None:
    first = _workshop(cast)
    second = _workshop(cast)

    assert first.pk == second.pk
    assert Event.objects.count() == 1
    assert first.kind == Event.Kind.WORKSHOP
    assert first.indicators == ["E1"]
    assert [p.city for p in first.participants.all()] == [cast.hillside]


@pytest.mark.postgres
def test_ten_simultaneous_workshop_clicks_record_one_event(
    transactional_db: None, cast: Cast
) -> None:
    start = threading.Barrier(10)

    def click(_n: int) -> int:
        try:
            start.wait(timeout=30)
            return _workshop(cast).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        recorded = set(pool.map(click, range(10)))

    assert len(recorded) == 1
    assert Event.objects.count() == 1

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
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stocktake.frameworks import get_framework
from stocktake_web import permissions
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.audit.models import AuditEvent
from stocktake_web.events.domain.activity import year_activity
from stocktake_web.events.domain.events import (
    EventDetails,
    InvalidEventError,
    change_event,
    events_of_city,
    events_targeting,
    record_event,
    record_planned_workshop,
)
from stocktake_web.events.domain.materials import add_material
from stocktake_web.events.models import Event
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, create_network
from stocktake_web.network.models import City, Department

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


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"pathways": ["resilient"]}, "not pathways of the framework: resilient"),
        ({"place": "x" * 201}, "The place is longer than 200 characters"),
        ({"kind": "party"}, "Choose the kind of event from the list."),
        ({"title": "   "}, "Give the event a title."),
        ({"indicators": ["E1"], "framework": None}, "Choose the framework the indicators"),
    ],
)
def test_event_details_outside_the_rules_are_refused(
    cast: Cast, changes: dict[str, Any], error: str
) -> None:
    details: dict[str, Any] = {
        "kind": Event.Kind.FORUM,
        "title": "Forum",
        "start": MAY,
        "end": MAY,
        "framework": cast.framework,
        **changes,
    }
    with pytest.raises(InvalidEventError, match=error):
        record_event(network=cast.network, created_by=cast.sam, **details)
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


# -- the pages --------------------------------------------------------------------------------


def _form(cast: Cast, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": Event.Kind.WORKSHOP,
        "title": "Heat action plans",
        "start": "2026-05-12",
        "end": "2026-05-13",
        "place": "Harbour City Hall",
        "host_city": cast.harbour.pk,
        "framework": cast.framework.pk,
        "indicators": ["E1"],
        "pathways": ["low_emission"],
        "participants": [f"department-{cast.environment.pk}", f"city-{cast.hillside.pk}"],
    }
    data.update(changes)
    return data


def _new(cast: Cast) -> str:
    return reverse("events:new", args=[cast.network.slug])


def test_secretariat_records_an_event_through_the_form(client: Client, cast: Cast) -> None:
    client.force_login(cast.sam)

    response = client.post(_new(cast), _form(cast))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[cast.network.slug, event.pk])
    assert event.created_by == cast.sam
    assert (event.host_city, event.indicators, event.end) == (
        cast.harbour,
        ["E1"],
        datetime.date(2026, 5, 13),
    )
    assert {(p.city_id, p.department_id) for p in event.participants.all()} == {
        (cast.harbour.pk, cast.environment.pk),
        (cast.hillside.pk, None),
    }


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"end": "2026-05-11"}, "The last day is before the first day."),
        ({"indicators": ["X9"]}, "Select a valid choice. X9 is not one of the available choices."),
        ({"place": "", "online": ""}, "Give the place, or tick online."),
        ({"start": "12 May"}, "Enter a valid date."),
        ({"title": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"framework": ""}, "Choose the framework the indicators come from."),
    ],
)
def test_bad_event_form_is_refused_with_a_reason(
    client: Client, cast: Cast, changes: dict[str, object], error: str
) -> None:
    client.force_login(cast.sam)

    response = client.post(_new(cast), _form(cast, **changes))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Event.objects.exists()


def test_indicator_of_another_framework_is_refused(
    client: Client, cast: Cast, pilot_framework: FrameworkVersion
) -> None:
    other = import_framework(framework=get_framework("cbi-2014"))
    indicator = other.load().indicators()[0].id
    client.force_login(cast.sam)

    response = client.post(_new(cast), _form(cast, indicators=[indicator]))

    assert response.status_code == 200
    assert f"pilot@1.0.0 has no indicator {indicator}" in response.content.decode()
    assert not Event.objects.exists()


def test_city_of_another_network_cannot_be_chosen(client: Client, cast: Cast) -> None:
    elsewhere = create_network(slug="far", name="Far Network")
    stranger = add_city(network=elsewhere, slug="stranger", name={"en": "Stranger"}, country="JP")
    client.force_login(cast.sam)

    host = client.post(_new(cast), _form(cast, host_city=stranger.pk))
    participant = client.post(_new(cast), _form(cast, participants=[f"city-{stranger.pk}"]))

    assert "Select a valid choice" in host.content.decode()
    assert "Select a valid choice" in participant.content.decode()
    assert not Event.objects.exists()


def test_secretariat_edits_an_event_and_its_participants(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)

    response = client.post(
        reverse("events:edit", args=[cast.network.slug, event.pk]),
        _form(cast, title="Renamed", participants=[f"city-{cast.harbour.pk}"], online="on"),
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.title, event.online) == ("Renamed", True)
    assert [p.city for p in event.participants.all()] == [cast.harbour]


def test_edit_form_shows_the_stored_event(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)

    page = client.get(reverse("events:edit", args=[cast.network.slug, event.pk])).content.decode()

    assert 'value="2026-05-12"' in page
    assert f'value="city-{cast.hillside.pk}" id="id_participants_' in page
    assert "checked" in page.split(f'value="city-{cast.hillside.pk}"')[1].split(">")[0]


@pytest.mark.parametrize("who", ["alice", "bob", "vera", "charlie"])
def test_city_users_cannot_record_or_edit_events(client: Client, cast: Cast, who: str) -> None:
    event = _workshop(cast)
    client.force_login(getattr(cast, who))

    assert client.get(_new(cast)).status_code == 403
    assert client.post(_new(cast), _form(cast)).status_code == 403
    edit = reverse("events:edit", args=[cast.network.slug, event.pk])
    assert client.post(edit, _form(cast, title="Mine")).status_code in (403, 404)
    assert Event.objects.get().title != "Mine"


def test_another_networks_secretariat_sees_nothing(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    client.force_login(cast.olga)

    assert client.get(reverse("events:list", args=[cast.network.slug])).status_code == 404
    detail = reverse("events:detail", args=[cast.network.slug, event.pk])
    assert client.get(detail).status_code == 404
    assert client.get(_new(cast)).status_code == 404
    assert client.get(reverse("events:year", args=[cast.network.slug, 2026])).status_code == 404


def _forum(cast: Cast, title: str, participants: list[tuple[City, Department | None]]) -> Event:
    return record_event(
        network=cast.network,
        kind=Event.Kind.FORUM,
        title=title,
        start=MAY,
        end=MAY,
        created_by=cast.sam,
        participants=participants,
    )


def test_city_users_see_their_citys_events_and_network_wide_ones(
    client: Client, cast: Cast
) -> None:
    ours = _forum(cast, "Ours", [(cast.harbour, cast.planning)])
    theirs = _forum(cast, "Theirs", [(cast.hillside, None)])
    everyone = _forum(cast, "Everyone", [])
    client.force_login(cast.bob)  # a respondent of Harbour City's environment department

    listed = client.get(reverse("events:list", args=[cast.network.slug])).content.decode()

    assert "Ours" in listed and "Everyone" in listed and "Theirs" not in listed
    for event, status in ((ours, 200), (everyone, 200), (theirs, 404)):
        detail = reverse("events:detail", args=[cast.network.slug, event.pk])
        assert client.get(detail).status_code == status


def test_list_filters_by_year_kind_pathway_and_city(client: Client, cast: Cast) -> None:
    _workshop(cast)  # 2026, workshop on E1 (low emission), Harbour hosts, Hillside attends
    _forum(cast, "Harbour forum", [(cast.harbour, None)])
    client.force_login(cast.sam)
    url = reverse("events:list", args=[cast.network.slug])

    def titles(query: dict[str, str]) -> list[str]:
        return [event.title for event in client.get(url, query).context["page"].object_list]

    assert titles({"year": "2025"}) == []
    assert sorted(titles({"year": "2026"})) == ["Greenhouse-gas inventory", "Harbour forum"]
    assert titles({"kind": "forum"}) == ["Harbour forum"]
    assert titles({"pathway": "low_emission"}) == ["Greenhouse-gas inventory"]
    assert titles({"city": "hillside"}) == ["Greenhouse-gas inventory"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "99999999999999999999"},
        {"year": "abc"},
        {"kind": "party"},
        {"pathway": "<script>"},
        {"city": "x" * 5000},
        {"page": "-1"},
    ],
)
def test_malformed_filters_are_told_not_failed(
    client: Client, cast: Cast, query: dict[str, str]
) -> None:
    _workshop(cast)
    client.force_login(cast.sam)

    response = client.get(reverse("events:list", args=[cast.network.slug]), query)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def _queries_with(client: Client, cast: Cast, url: str, count: int) -> int:
    """The queries of one request for ``url`` once the network holds ``count`` events."""
    while Event.objects.count() < count:
        _forum(cast, "Forum", [(cast.harbour, cast.environment), (cast.hillside, None)])
    with CaptureQueriesContext(connection) as done:
        client.get(url)
    return len(done.captured_queries)


@pytest.mark.parametrize("page", ["events:list", "events:year"])
def test_queries_do_not_grow_with_events(client: Client, cast: Cast, page: str) -> None:
    client.force_login(cast.sam)
    url = reverse(page, args=[cast.network.slug, 2026][: 1 if page == "events:list" else 2])

    _queries_with(client, cast, url, 1)  # the first request also reads what is then kept

    assert _queries_with(client, cast, url, 2) == _queries_with(client, cast, url, 12)


# -- materials ----------------------------------------------------------------------------------


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _materials(cast: Cast, event: Event) -> str:
    return reverse("events:material_new", args=[cast.network.slug, event.pk])


def test_material_file_is_stored_under_a_safe_name_and_served(
    client: Client, cast: Cast, media: Path
) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)
    name = "slides ../../" + "長" * 200 + ".pdf"

    response = client.post(
        _materials(cast, event),
        {"title": "Slides", "file": SimpleUploadedFile(name, b"%PDF-1.4 slides")},
    )

    material = event.materials.get()
    assert response.status_code == 302
    assert material.file_type == "application/pdf"
    assert material.file.name.startswith(f"events/{event.pk}/")
    assert len(material.file.name.rsplit("/", 1)[-1].encode()) <= 120
    assert material.file.name.endswith(".pdf")
    client.force_login(cast.charlie)  # Hillside took part
    served = client.get(
        reverse("events:material_file", args=[cast.network.slug, event.pk, material.pk])
    )
    assert b"".join(served.streaming_content) == b"%PDF-1.4 slides"  # type: ignore[attr-defined]


def test_oversized_material_is_refused_while_it_arrives(
    client: Client, cast: Cast, media: Path, settings: Any
) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 1000
    event = _workshop(cast)
    client.force_login(cast.sam)

    response = client.post(
        _materials(cast, event),
        {"title": "Huge", "file": SimpleUploadedFile("huge.pdf", b"%PDF-" + b"x" * 5000)},
    )

    assert response.status_code == 400
    assert "The file huge.pdf is larger than the limit of 1000" in response.content.decode()
    assert not event.materials.exists()
    assert not media.exists() or not any(media.rglob("*.pdf"))


def test_material_needs_exactly_a_link_or_a_file_of_an_allowed_kind(
    client: Client, cast: Cast, media: Path
) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)
    neither = client.post(_materials(cast, event), {"title": "Nothing"})
    both = client.post(
        _materials(cast, event),
        {
            "title": "Both",
            "link": "https://example.org/a",
            "file": SimpleUploadedFile("a.txt", b"notes"),
        },
    )
    disguised = client.post(
        _materials(cast, event),
        {"title": "Fake", "file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")},
    )

    assert "Give either a link or a file." in neither.content.decode()
    assert "Give either a link or a file." in both.content.decode()
    assert "does not look like a .pdf file" in disguised.content.decode()
    assert not event.materials.exists()


def test_link_material_is_listed_and_removed(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)
    client.post(_materials(cast, event), {"title": "Recording", "link": "example.org/rec"})
    material = event.materials.get()

    page = client.get(reverse("events:detail", args=[cast.network.slug, event.pk]))
    removed = client.post(
        reverse("events:material_remove", args=[cast.network.slug, event.pk, material.pk])
    )

    assert 'href="https://example.org/rec"' in page.content.decode()
    assert removed.status_code == 302
    assert not event.materials.exists()


def test_city_users_cannot_add_or_remove_materials(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    material = add_material(event=event, title="Notes", link="https://example.org/n")
    client.force_login(cast.alice)

    added = client.post(_materials(cast, event), {"title": "Mine", "link": "https://x.org"})
    removed = client.post(
        reverse("events:material_remove", args=[cast.network.slug, event.pk, material.pk])
    )

    assert (added.status_code, removed.status_code) == (403, 403)
    assert list(event.materials.all()) == [material]


# -- the year's activity ------------------------------------------------------------------------


def _year(cast: Cast, year: int) -> str:
    return reverse("events:year", args=[cast.network.slug, year])


def test_year_counts_by_pathway_city_and_kind(cast: Cast) -> None:
    seaview = add_city(network=cast.network, slug="seaview", name={"en": "Seaview"}, country="TW")
    _workshop(cast)  # E1: low emission (its indicator); Harbour hosts, Hillside attends
    record_event(
        network=cast.network,
        kind=Event.Kind.WEBINAR,
        title="Waste and fairness",
        start=datetime.date(2026, 2, 1),
        end=datetime.date(2026, 2, 1),
        created_by=cast.sam,
        framework=cast.framework,
        indicators=["E2"],  # circular
        pathways=["equitable", "low_emission"],
        participants=[(cast.harbour, cast.environment), (cast.harbour, cast.planning)],
    )
    _forum(cast, "Open forum", [])  # no pathway, no city
    _forum(cast, "Seaview visit", [(seaview, None)])
    record_event(  # another year: not counted
        network=cast.network,
        kind=Event.Kind.FORUM,
        title="Last year",
        start=datetime.date(2025, 12, 31),
        end=datetime.date(2026, 1, 1),
        created_by=cast.sam,
        pathways=["resilient"],
        participants=[(cast.hillside, None)],
    )

    activity = year_activity(cast.network, year=2026, cities=None)

    assert len(activity.events) == 4
    assert activity.by_pathway == [("low_emission", 2), ("equitable", 1), ("circular", 1)]
    assert activity.without_pathway == 2
    assert [(city.slug, count) for city, count in activity.by_city] == [
        ("harbour", 2),
        ("hillside", 1),
        ("seaview", 1),
    ]
    assert activity.by_kind == [("workshop", 1), ("webinar", 1), ("forum", 2)]
    hillside_view = year_activity(cast.network, year=2026, cities=frozenset([cast.hillside.pk]))
    assert sorted(e.title for e in hillside_view.events) == [
        "Greenhouse-gas inventory",
        "Open forum",
    ]


def test_year_page_draws_tables_and_bars_without_inline_styles(client: Client, cast: Cast) -> None:
    _workshop(cast)
    client.force_login(cast.sam)

    page = client.get(_year(cast, 2026)).content.decode()

    assert "Activity in 2026" in page
    assert "Low emission development" in page
    assert '<rect class="fill" width="100"' in page
    assert "style=" not in page


def test_empty_year_says_so(client: Client, cast: Cast) -> None:
    client.force_login(cast.sam)

    response = client.get(_year(cast, 2031))

    assert response.status_code == 200
    assert "No events this year." in response.content.decode()


@pytest.mark.parametrize("year", [0, 1, 99999])
def test_year_out_of_range_is_not_found(client: Client, cast: Cast, year: int) -> None:
    client.force_login(cast.sam)

    assert client.get(_year(cast, year)).status_code == 404


# -- a city's key areas -------------------------------------------------------------------------


def test_city_page_lists_events_beside_key_areas(client: Client, cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="1", importance=5)
    )
    attended = record_planned_workshop(
        cohort=cast.cohort,
        framework=cast.framework,
        topic="E1",
        host=cast.hillside,
        participants=[cast.harbour],
        start=MAY,
        created_by=cast.sam,
    )
    missed = record_event(
        network=cast.network,
        kind=Event.Kind.TRAINING,
        title="Missed training",
        start=MAY + datetime.timedelta(days=1),
        end=MAY + datetime.timedelta(days=1),
        created_by=cast.sam,
        framework=cast.framework,
        indicators=["E1"],
        participants=[(cast.hillside, None)],
    )
    url = reverse("events:city", args=[cast.harbour.slug])

    client.force_login(cast.sam)
    secretariat = client.get(url)
    client.force_login(cast.alice)
    coordinator = client.get(url)

    def on_e1(response: Any) -> list[tuple[Event, bool | None]]:
        areas = [a for a in response.context["shown"].key_areas if a.indicator == "E1"]
        return [(item.event, item.took_part) for area in areas for item in area.events]

    assert on_e1(secretariat) == [(missed, False), (attended, True)]
    assert on_e1(coordinator) == [(attended, True)]
    assert "took part" in coordinator.content.decode()


def test_city_page_before_any_round_says_so(client: Client, cast: Cast) -> None:
    lone = add_city(network=cast.network, slug="lone", name={"en": "Lone"}, country="TW")
    client.force_login(cast.sam)

    page = client.get(reverse("events:city", args=[lone.slug])).content.decode()

    assert "This city has no assessment round yet" in page


def test_city_page_is_the_citys_own(client: Client, cast: Cast) -> None:
    url = reverse("events:city", args=[cast.harbour.slug])

    client.force_login(cast.charlie)
    assert client.get(url).status_code == 404
    client.force_login(cast.bob)  # a respondent sees answers, not the city's results
    assert client.get(url).status_code == 403


def test_dashboards_link_to_the_events(client: Client, cast: Cast) -> None:
    client.force_login(cast.sam)

    city = client.get(reverse("dashboards:city", args=[cast.harbour.slug])).content.decode()
    network = client.get(reverse("dashboards:network", args=[cast.network.slug])).content.decode()

    assert reverse("events:city", args=[cast.harbour.slug]) in city
    assert reverse("events:list", args=[cast.network.slug]) in network


@pytest.mark.parametrize(
    ("language", "empty", "pathway"),
    [
        ("ja", "この年のイベントはありません。", "低排出型の発展"),
        ("zh-TW", "這一年沒有活動。", "低排放發展"),
    ],
)
def test_year_page_speaks_the_readers_language(
    client: Client, cast: Cast, language: str, empty: str, pathway: str
) -> None:
    _workshop(cast)
    client.force_login(cast.sam)

    busy = client.get(_year(cast, 2026), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    quiet = client.get(_year(cast, 2030), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert pathway in busy
    assert empty in quiet


def test_event_predicates_name_the_secretariat_and_member_cities(cast: Cast) -> None:
    assert permissions.can_edit_events(cast.sam, cast.network)
    assert not permissions.can_edit_events(cast.alice, cast.network)
    assert not permissions.can_edit_events(cast.olga, cast.network)
    assert permissions.member_city_ids(cast.bob) == {cast.harbour.pk}
    assert permissions.member_city_ids(cast.sam) == frozenset()
    assert permissions.can_view_events(cast.sam, cast.network, member_cities=[])
    assert permissions.can_view_events(cast.bob, cast.network, member_cities=[cast.harbour.pk])
    assert not permissions.can_view_events(cast.olga, cast.network, member_cities=[])


def test_a_script_link_is_not_a_material(client: Client, cast: Cast) -> None:
    event = _workshop(cast)
    client.force_login(cast.sam)

    response = client.post(
        _materials(cast, event), {"title": "Trap", "link": "javascript:alert(1)"}
    )

    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not event.materials.exists()


def test_recording_and_editing_are_in_the_audit_log(client: Client, cast: Cast) -> None:
    client.force_login(cast.sam)
    client.post(_new(cast), _form(cast))
    event = Event.objects.get()
    client.post(
        reverse("events:edit", args=[cast.network.slug, event.pk]), _form(cast, title="Renamed")
    )

    mine = (AuditEvent.Kind.NETWORK_EVENT_RECORDED, AuditEvent.Kind.NETWORK_EVENT_CHANGED)
    logged = AuditEvent.objects.filter(network_id=cast.network.pk, kind__in=mine).order_by("id")
    log = client.get(reverse("audit:log", args=[cast.network.slug])).content.decode()

    assert [(e.kind, e.actor, e.details["title"]) for e in logged] == [
        (AuditEvent.Kind.NETWORK_EVENT_RECORDED, cast.sam, "Heat action plans"),
        (AuditEvent.Kind.NETWORK_EVENT_CHANGED, cast.sam, "Renamed"),
    ]
    assert "“Renamed”, starting 2026-05-12" in log


def test_events_are_listed_in_the_administration_but_not_added_or_changed_there(
    admin_client: Client, cast: Cast
) -> None:
    event = _workshop(cast)

    listing = admin_client.get(reverse("admin:events_event_changelist"))
    shown = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    adding = admin_client.get(reverse("admin:events_event_add"))
    changing = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]), {"title": "Changed"}
    )

    assert listing.status_code == 200 and "Greenhouse-gas inventory" in listing.content.decode()
    assert shown.status_code == 200 and "Hillside" in shown.content.decode()
    assert (adding.status_code, changing.status_code) == (403, 403)
    event.refresh_from_db()
    assert event.title == "Greenhouse-gas inventory"


@pytest.mark.postgres
def test_ten_simultaneous_edits_leave_one_set_of_participants(
    transactional_db: None, cast: Cast
) -> None:
    event = _workshop(cast)
    start = threading.Barrier(10)
    choices = [[(cast.harbour, None)], [(cast.harbour, cast.environment), (cast.hillside, None)]]

    def edit(n: int) -> None:
        try:
            start.wait(timeout=30)
            mine = Event.objects.get(pk=event.pk)
            details = EventDetails(
                kind=Event.Kind.WORKSHOP,
                title=f"Edit {n}",
                start=MAY,
                end=MAY,
                participants=tuple(choices[n % 2]),
            )
            change_event(event=mine, details=details, by=cast.sam)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(edit, range(10)))

    event.refresh_from_db()
    kept = sorted((p.city_id, p.department_id or 0) for p in event.participants.all())
    expected = choices[int(event.title.split()[1]) % 2]
    assert kept == sorted(
        (city.pk, department.pk if department else 0) for city, department in expected
    )

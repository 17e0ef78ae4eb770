"""The audit log: sign-ins, roles, sign-offs and exports are recorded with who, when and from
where; the secretariat reads its network's log; nothing in it can be changed or removed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stocktake_web.accounts.domain import grant_role, revoke_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import start_reconciliation
from stocktake_web.audit.domain import record_event, record_sign_off_withdrawal, requests_from
from stocktake_web.audit.models import AppendOnlyError, AuditEvent

from .conftest import PASSWORD, Cast
from .test_admin import _form, _set, _user_form_with_role

Kind = AuditEvent.Kind
HOME = "198.51.100.30"


def _events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("at", "id"))


def _sign_in(client: Client, username: str, password: str) -> int:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=HOME
    )
    return response.status_code


# -- sign-ins ------------------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_who_when_and_from_where(cast: Cast, client: Client) -> None:
    before = timezone.now()

    assert _sign_in(client, "alice", PASSWORD) == 302

    (event,) = _events(Kind.SIGNED_IN)
    assert (event.actor, event.actor_name, event.address) == (cast.alice, "alice", HOME)
    assert before <= event.at <= timezone.now()


def test_a_refused_sign_in_keeps_the_typed_name_and_its_account(cast: Cast, client: Client) -> None:
    _sign_in(client, "alice", "wrong")
    _sign_in(client, "mallory", "wrong")

    refused = _events(Kind.SIGN_IN_FAILED)

    assert [(e.actor, e.actor_name, e.address) for e in refused] == [
        (cast.alice, "alice", HOME),
        (None, "mallory", HOME),
    ]
    assert not _events(Kind.SIGNED_IN)


def test_a_paused_sign_in_is_recorded(cast: Cast, client: Client) -> None:
    codes = [_sign_in(client, "bob", f"wrong {n}") for n in range(6)]

    assert codes[-2:] == [429, 429]
    assert len(_events(Kind.SIGN_IN_FAILED)) == 6
    assert [(e.actor, e.address) for e in _events(Kind.SIGN_IN_PAUSED)] == [(cast.bob, HOME)] * 2


# -- roles and rights ----------------------------------------------------------------------------


def test_a_role_given_and_taken_away_is_recorded_with_its_place(cast: Cast) -> None:
    with requests_from("192.0.2.8"):
        role = grant_role(user=cast.vera, kind=Role.Kind.RESPONDENT, department=cast.planning)
        grant_role(user=cast.vera, kind=Role.Kind.RESPONDENT, department=cast.planning, by=cast.sam)
        revoke_role(role=role, by=cast.sam)

    granted, revoked = _events(Kind.ROLE_GRANTED)[-1], _events(Kind.ROLE_REVOKED)[-1]
    assert (granted.actor, granted.actor_name, granted.address) == (None, "", "192.0.2.8")
    assert (revoked.actor, revoked.network_id) == (cast.sam, cast.network.pk)
    assert granted.details == {
        "person": "vera",
        "role": "respondent",
        "place": cast.planning.name,
        "city": cast.harbour.name,
    }
    assert len(_events(Kind.ROLE_GRANTED)) == len(set(Role.objects.all())) + 1


def _admin(cast: Cast) -> tuple[Client, User]:
    staff = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client(REMOTE_ADDR=HOME)
    client.force_login(staff)
    return client, staff


def test_roles_given_in_the_administration_site_are_recorded_as_by_the_staff_member(
    cast: Cast,
) -> None:
    client, staff = _admin(cast)
    url, data = _user_form_with_role(
        client, cast.vera, kind="respondent", department=str(cast.planning.pk)
    )

    response = client.post(url, data)

    assert response.status_code == 302
    event = _events(Kind.ROLE_GRANTED)[-1]
    assert (event.actor, event.address, event.network_id) == (staff, HOME, cast.network.pk)
    assert event.details["person"] == "vera"
    assert not _events(Kind.ROLE_REVOKED)


def test_a_role_moved_or_deleted_in_the_administration_site_is_recorded(cast: Cast) -> None:
    client, staff = _admin(cast)
    url = reverse("admin:accounts_user_change", args=[cast.vera.pk])
    data = _form(client, url, "user_form")
    before = AuditEvent.objects.count()

    client.post(url, _set(data, **{"roles-0-city": str(cast.hillside.pk)}))
    moved = [(e.kind, e.details["place"]) for e in AuditEvent.objects.order_by("id")[before:]]
    client.post(url, _set(_form(client, url, "user_form"), **{"roles-0-DELETE": "on"}))

    assert moved == [
        (Kind.ROLE_REVOKED, cast.harbour.name),
        (Kind.ROLE_GRANTED, cast.hillside.name),
    ]
    last = AuditEvent.objects.order_by("id").last()
    assert last is not None
    assert (last.kind, last.actor, last.details["place"]) == (
        Kind.ROLE_REVOKED,
        staff,
        cast.hillside.name,
    )
    assert not cast.vera.roles.exists()


def test_administration_rights_changed_are_recorded_and_nothing_when_none_changed(
    cast: Cast,
) -> None:
    client, staff = _admin(cast)
    url = reverse("admin:accounts_user_change", args=[cast.bob.pk])

    client.post(url, _set(_form(client, url, "user_form"), first_name="Robert"))
    client.post(url, _set(_form(client, url, "user_form"), is_staff="on"))

    (event,) = _events(Kind.PERMISSIONS_CHANGED)
    assert (event.actor, event.address) == (staff, HOME)
    assert event.details == {"person": "bob", "changed": ["is_staff"]}


def test_deleting_an_account_records_its_roles_taken_away_and_keeps_its_events(
    cast: Cast, client: Client
) -> None:
    _sign_in(client, "bob", PASSWORD)
    admin, _staff = _admin(cast)

    response = admin.post(
        reverse("admin:accounts_user_delete", args=[cast.bob.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(username="bob").exists()
    (revoked,) = _events(Kind.ROLE_REVOKED)
    assert revoked.details["person"] == "bob"
    (signed_in,) = AuditEvent.objects.filter(kind=Kind.SIGNED_IN, actor_name="bob")
    assert signed_in.actor_id == cast.bob.pk


# -- sign-offs and exports -------------------------------------------------------------------------


def test_a_sign_off_through_the_page_is_recorded(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    client.post(reverse("assessments:close", args=[cast.round.pk]), {"confirmed": "1"})

    response = client.post(
        reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1"}, REMOTE_ADDR=HOME
    )

    assert response.status_code == 302
    (event,) = _events(Kind.ROUND_SIGNED_OFF)
    assert (event.actor, event.address, event.network_id) == (cast.alice, HOME, cast.network.pk)
    assert event.details == {
        "round_id": cast.round.pk,
        "round": "2025",
        "city": cast.harbour.name,
        "reason": "",
        "answered": 0,
        "expected": 5,
    }


def test_a_refused_sign_off_records_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    client.post(reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1"})

    assert not _events(Kind.ROUND_SIGNED_OFF)


def test_a_withdrawn_sign_off_is_recorded_with_the_round(cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    event = record_sign_off_withdrawal(round=cast.round, by=cast.alice)

    assert (event.kind, event.actor, event.network_id) == (
        Kind.SIGN_OFF_WITHDRAWN,
        cast.alice,
        cast.network.pk,
    )


@pytest.mark.parametrize("name", ["answers_csv", "results_csv", "results_xlsx"])
def test_each_export_is_recorded(cast: Cast, client: Client, name: str) -> None:
    client.force_login(cast.vera)

    client.get(reverse(f"dashboards:{name}", args=[cast.round.pk]), REMOTE_ADDR=HOME)

    (event,) = _events(Kind.EXPORT_DOWNLOADED)
    assert (event.actor, event.address) == (cast.vera, HOME)
    assert event.details["export"] == name.replace("_", ".")
    assert event.details["round_id"] == cast.round.pk


def test_a_refused_export_records_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))

    assert response.status_code == 403
    assert not _events(Kind.EXPORT_DOWNLOADED)


# -- append-only ---------------------------------------------------------------------------------


@pytest.fixture
def event(cast: Cast) -> AuditEvent:
    return record_event(kind=Kind.SIGNED_IN, actor=cast.alice)


def test_an_event_cannot_be_saved_again(event: AuditEvent) -> None:
    event.actor_name = "someone else"

    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()

    event.refresh_from_db()
    assert event.actor_name == "alice"


def test_an_event_cannot_be_deleted(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda events: events.update(actor_name="x"),
        lambda events: events.delete(),
        lambda events: AuditEvent.objects.bulk_update(list(events), ["actor_name"]),
        lambda events: events.filter(kind="nothing").delete(),
    ],
    ids=["update", "delete", "bulk_update", "delete-of-nothing"],
)
def test_no_query_changes_or_removes_events(event: AuditEvent, change: Any) -> None:
    count = AuditEvent.objects.count()

    with pytest.raises(AppendOnlyError):
        change(AuditEvent.objects.all())

    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "alice"


def test_a_new_event_cannot_overwrite_an_old_one_by_its_id(event: AuditEvent) -> None:
    forged = AuditEvent(pk=event.pk, kind=Kind.SIGN_IN_FAILED, actor_name="mallory")

    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()

    event.refresh_from_db()
    assert (event.kind, event.actor_name) == (Kind.SIGNED_IN, "alice")


def test_removing_a_network_leaves_its_events(cast: Cast) -> None:
    grant_role(user=cast.vera, kind=Role.Kind.VIEWER, city=cast.hillside, by=cast.sam)
    other = cast.olga.roles.get().network
    assert other is not None
    record_event(kind=Kind.SIGNED_IN, actor=cast.olga, network_id=other.pk)
    network_id = other.pk

    other.delete()

    assert AuditEvent.objects.filter(network_id=network_id).count() == 2


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET actor_name = 'mallory'",
        "DELETE FROM audit_auditevent",
    ],
    ids=["update", "delete"],
)
def test_postgresql_refuses_changes_made_behind_the_models_back(
    event: AuditEvent, statement: str
) -> None:
    count = AuditEvent.objects.count()

    with (
        pytest.raises(Exception, match="append-only") as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert connection.vendor == "postgresql"
    assert type(refused.value).__module__.startswith("django.db")
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "alice"


@pytest.mark.postgres
def test_postgresql_still_lets_an_account_with_events_be_deleted(
    cast: Cast, client: Client
) -> None:
    _sign_in(client, "bea", PASSWORD)

    cast.bea.delete()

    assert AuditEvent.objects.get(kind=Kind.SIGNED_IN).actor_name == "bea"


# -- the page ------------------------------------------------------------------------------------


def _page(client: Client, network: str = "east", **query: str) -> Any:
    return client.get(reverse("audit:log", args=[network]), query)


def test_the_secretariat_reads_its_networks_events_and_its_peoples_sign_ins(
    cast: Cast, client: Client
) -> None:
    record_event(kind=Kind.SIGNED_IN, actor=cast.bob)
    record_event(kind=Kind.SIGNED_IN, actor=cast.olga)
    record_event(kind=Kind.SIGN_IN_FAILED, actor=None, actor_name="mallory")
    client.force_login(cast.vera)
    client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))
    client.force_login(cast.sam)

    response = _page(client)

    page = response.content.decode()
    rows = [event.actor_name for event, _concerning in response.context["rows"]]
    assert response.status_code == 200
    assert "bob" in rows and "vera" in rows and "sam" in rows
    assert "olga" not in rows and "mallory" not in rows
    assert "answers.csv of Harbour City, round “2025”" in page
    assert "Export downloaded" in page


def test_another_networks_secretariat_and_the_cities_get_not_found(
    cast: Cast, client: Client
) -> None:
    for person in (cast.olga, cast.alice, cast.bob):
        client.force_login(person)
        assert _page(client).status_code == 404


def test_staff_read_any_networks_log(cast: Cast, client: Client) -> None:
    staff = User.objects.create_user("operator", password=PASSWORD, is_staff=True)
    client.force_login(staff)

    assert _page(client).status_code == 200


def test_the_log_is_filtered_by_kind(cast: Cast, client: Client) -> None:
    grant_role(user=cast.vera, kind=Role.Kind.VIEWER, city=cast.hillside, by=cast.sam)
    client.force_login(cast.sam)

    response = _page(client, kind=Kind.ROLE_GRANTED)

    kinds = {event.kind for event, _concerning in response.context["rows"]}
    assert kinds == {Kind.ROLE_GRANTED}
    assert "vera: Viewer, Hillside" in response.content.decode()
    assert '<option value="role_granted" selected>' in response.content.decode()


def test_an_unknown_kind_lists_every_event(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    response = _page(client, kind="<script>")

    assert response.status_code == 200
    assert len(response.context["rows"]) == AuditEvent.objects.of_network(cast.network.pk).count()


def _many_sign_ins(cast: Cast, count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            kind=Kind.SIGNED_IN,
            actor=cast.bob,
            actor_name="bob",
            at=start + datetime.timedelta(seconds=n),
        )
        for n in range(count)
    )


def test_the_log_is_paginated_newest_first_and_pages_keep_the_kind(
    cast: Cast, client: Client
) -> None:
    _many_sign_ins(cast, 120)
    client.force_login(cast.sam)

    first = _page(client, kind=Kind.SIGNED_IN)
    third = _page(client, kind=Kind.SIGNED_IN, page="3")
    beyond = _page(client, kind=Kind.SIGNED_IN, page="99")

    assert first.context["page"].paginator.count == 121  # and sam's own sign-in
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0][0].actor_name == "sam"
    assert len(third.context["rows"]) == 21
    assert beyond.context["page"].number == 3
    assert "?kind=signed_in&amp;page=2" in first.content.decode()


def test_the_pages_queries_do_not_grow_with_the_log(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    _page(client)
    with CaptureQueriesContext(connection) as few:
        _page(client)
    _many_sign_ins(cast, 200)
    with CaptureQueriesContext(connection) as many:
        _page(client)

    assert len(many.captured_queries) == len(few.captured_queries) <= 8


@pytest.mark.parametrize(("language", "label"), [("zh-hant", "角色已授予"), ("ja", "役割を付与")])
def test_the_log_speaks_the_readers_language(
    cast: Cast, client: Client, language: str, label: str
) -> None:
    grant_role(user=cast.vera, kind=Role.Kind.VIEWER, city=cast.hillside, by=cast.sam)
    client.force_login(cast.sam)

    response = client.get(reverse("audit:log", args=["east"]), HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()

    assert label in page


def test_the_secretariat_finds_the_log_from_its_home_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    page = client.get(reverse("home")).content.decode()

    assert reverse("audit:log", args=["east"]) in page

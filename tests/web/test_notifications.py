"""Notifications: who is told what, in which language, by e-mail and in the application.

E-mails go to Django's in-memory outbox (``mail.outbox``); they are sent once the transaction
that made them commits, which ``django_capture_on_commit_callbacks(execute=True)`` lets happen.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.domain import grant_role
from stocktake_web.accounts.models import Role
from stocktake_web.assessments.domain import (
    assign_indicators,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.models import Round
from stocktake_web.network.domain import add_department
from stocktake_web.notifications.domain import (
    choose_notifications,
    notify_revision_requested,
    send_reminders,
)
from stocktake_web.notifications.models import Kind, Notification, ReminderSent

from .conftest import Cast


@pytest.fixture
def addresses(cast: Cast) -> Cast:
    """The cast with e-mail addresses (Alice, Bob, Vera), Bea without one."""
    for person in (cast.alice, cast.bob, cast.vera):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return cast


def _new_department(cast: Cast, slug: str = "water") -> Any:
    department = add_department(city=cast.harbour, slug=slug, name={"en": "Water"})
    grant_role(user=cast.bob, kind=Role.Kind.RESPONDENT, department=department)
    return department


def test_an_assignment_batch_is_one_email_per_person_not_one_per_indicator(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    water = _new_department(addresses)

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(
            round=addresses.round,
            by=addresses.alice,
            pairs=[("G1", water), ("E1", water), ("E2", water)],
        )

    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Harbour City · 2025 · 3 indicators assigned to Water"
    assert "3 indicators of the round 2025 of Harbour City were assigned to Water" in message.body
    link = reverse("assessments:department", args=[addresses.round.pk, "water"])
    assert f"http://127.0.0.1:8000{link}" in message.body
    assert Notification.objects.get().email == Notification.Email.SENT


def test_a_chinese_reader_gets_chinese_whatever_the_sender_reads(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    addresses.bob.language = "zh-hant"
    addresses.bob.save(update_fields=["language"])
    water = _new_department(addresses)

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(round=addresses.round, by=addresses.alice, pairs=[("G1", water)])

    message = mail.outbox[0]
    assert message.subject == "Harbour City（中文） · 2025 · 已指派 1 項指標給Water"
    assert "您好" in message.body
    assert "Hello" not in message.body


def test_a_language_the_site_does_not_offer_falls_back_to_english(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    addresses.bob.language = "xx-nonsense"
    addresses.bob.save(update_fields=["language"])
    water = _new_department(addresses)

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(round=addresses.round, by=addresses.alice, pairs=[("G1", water)])

    assert mail.outbox[0].subject.endswith("1 indicator assigned to Water")


def test_nobody_is_emailed_without_an_address_but_the_list_shows_it(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    water = _new_department(cast)

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("G1", water)])

    assert mail.outbox == []
    assert Notification.objects.get().email == Notification.Email.NO_ADDRESS
    client.force_login(cast.bob)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "1 indicator assigned to Water" in page
    assert "Unread" in page


def test_a_rolled_back_change_tells_nobody(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submit_department(round=addresses.round, department=addresses.environment, by=addresses.bob)
        with pytest.raises(Exception, match="already submitted"):
            submit_department(
                round=addresses.round, department=addresses.environment, by=addresses.bob
            )

    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert mail.outbox[0].subject == "Harbour City · 2025 · Environment submitted its answers"
    assert "bob submitted the answers of Environment" in mail.outbox[0].body


def test_sign_off_tells_coordinators_viewers_and_respondents_but_not_the_signer(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    start_reconciliation(round=addresses.round)
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(round=addresses.round, by=addresses.alice, reason="Pilot: few answers")

    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"vera", "bob", "bea"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bob@example.org",
        "vera@example.org",
    ]
    bob = Notification.objects.get(recipient=addresses.bob)
    assert bob.link == reverse("assessments:department", args=[addresses.round.pk, "environment"])


def test_revision_request_goes_to_the_departments_respondents_with_the_message(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    answer = addresses.answer("E1")

    with django_capture_on_commit_callbacks(execute=True):
        notify_revision_requested(
            answer=answer, requested_by=addresses.alice, message="Please add the 2024 figure."
        )

    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    assert mail.outbox[0].subject == "Harbour City · 2025 · Revision of E1 requested"
    assert "Please add the 2024 figure." in mail.outbox[0].body
    assert "<" not in mail.outbox[0].body  # plain text, nothing escaped as HTML


def test_a_kind_switched_off_is_neither_emailed_nor_listed(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    choose_notifications(
        person=addresses.alice,
        received=[kind for kind in Kind if kind != Kind.SUBMISSION],
        language="",
    )

    with django_capture_on_commit_callbacks(execute=True):
        submit_department(round=addresses.round, department=addresses.environment, by=addresses.bob)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_preferences_page_saves_kinds_and_language(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)
    url = reverse("notifications:settings")

    page = client.get(url).content.decode()
    response = client.post(url, {"received": ["assignment", "overdue"], "language": "ja"})

    assert page.count("checked") == len(Kind)
    assert response.status_code == 302
    cast.bob.refresh_from_db()
    assert cast.bob.language == "ja"
    again = client.get(url).content.decode()
    assert again.count("checked") == 2


def test_the_preferences_page_refuses_an_unknown_language_with_a_sentence(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bob)

    response = client.post(
        reverse("notifications:settings"), {"received": ["nonsense"], "language": "x" * 5000}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    cast.bob.refresh_from_db()
    assert cast.bob.language == ""


# -- reminders -----------------------------------------------------------------------------------


def _deadline(cast: Cast, day: datetime.date) -> None:
    Round.objects.filter(pk=cast.round.pk).update(deadline=day)
    Round.objects.filter(pk=cast.hill_round.pk).update(deadline=day + datetime.timedelta(days=60))


def test_reminders_go_once_before_the_deadline_however_often_they_run(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _deadline(addresses, datetime.date(2026, 6, 10))
    submit_department(round=addresses.round, department=addresses.planning, by=addresses.bea)

    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today=datetime.date(2026, 6, 7))
        second = send_reminders(today=datetime.date(2026, 6, 7))
        next_day = send_reminders(today=datetime.date(2026, 6, 8))

    assert (first.before_deadline, second.before_deadline, next_day.before_deadline) == (1, 0, 0)
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    assert mail.outbox[0].subject == (
        "Harbour City · 2025 · The answers of Environment are due in 3 days"
    )


def test_no_reminder_too_early_nor_for_a_submitted_department(addresses: Cast) -> None:
    _deadline(addresses, datetime.date(2026, 6, 10))

    early = send_reminders(today=datetime.date(2026, 6, 6))
    submit_department(round=addresses.round, department=addresses.environment, by=addresses.bob)
    submit_department(round=addresses.round, department=addresses.planning, by=addresses.bea)
    submitted = send_reminders(today=datetime.date(2026, 6, 9))

    assert (early.before_deadline, submitted.before_deadline) == (0, 0)
    assert not ReminderSent.objects.exists()


def test_overdue_reminders_go_the_day_after_and_then_weekly(addresses: Cast) -> None:
    _deadline(addresses, datetime.date(2026, 6, 10))
    days = [datetime.date(2026, 6, 10) + datetime.timedelta(days=n) for n in range(1, 16)]

    sent = [send_reminders(today=day).overdue for day in days]

    # Environment and planning of Harbour City, on days 1, 8 and 15 after the deadline.
    assert [n for n, count in enumerate(sent, start=1) if count] == [1, 8, 15]
    assert set(sent) == {0, 2}
    overdue = Notification.objects.filter(kind=Kind.OVERDUE)
    assert set(overdue.values_list("recipient__username", flat=True)) == {"bob", "bea"}


def test_a_closed_round_is_not_reminded(addresses: Cast) -> None:
    _deadline(addresses, datetime.date(2026, 6, 10))
    start_reconciliation(round=addresses.round)

    assert send_reminders(today=datetime.date(2026, 6, 20)).overdue == 0


def test_the_command_is_idempotent_and_refuses_a_malformed_date(
    addresses: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    _deadline(addresses, datetime.date(2026, 6, 10))

    call_command("send_reminders", today="2026-06-12")
    call_command("send_reminders", today="2026-06-12")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Departments reminded: 0 before the deadline, 2 overdue; notifications written: 2.",
        "Departments reminded: 0 before the deadline, 0 overdue; notifications written: 0.",
    ]
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", today="12/06/2026")


def test_the_reminders_task_can_be_queued(addresses: Cast) -> None:
    from django_tasks_db.models import DBTaskResult

    call_command("send_reminders", enqueue=True)

    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_task").count() == 1


# -- the list in the application ------------------------------------------------------------------


def test_the_header_counts_unread_and_mark_all_read_clears_it(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    water = _new_department(cast)
    assign_indicators(round=cast.round, by=cast.alice, pairs=[("G1", water)])
    submit_department(round=cast.round, department=water, by=cast.bob)
    client.force_login(cast.alice)

    before = client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:read"))
    after = client.get(reverse("home")).content.decode()

    assert '<span class="badge unread">1<span class="visually-hidden"> unread' in before
    assert "badge unread" not in after


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(
    cast: Cast, client: Client
) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    notification = Notification.objects.get(recipient=cast.alice)
    client.force_login(cast.alice)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == reverse("assessments:round", args=[cast.round.pk])
    notification.refresh_from_db()
    assert notification.is_read


def test_another_persons_notification_does_not_exist_for_you(cast: Cast, client: Client) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    notification = Notification.objects.get(recipient=cast.alice)
    client.force_login(cast.charlie)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_the_list_is_newest_first_and_shows_a_huge_page_number_as_the_last(
    cast: Cast, client: Client
) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    submit_department(round=cast.round, department=cast.planning, by=cast.bea)
    client.force_login(cast.alice)

    page = client.get(reverse("notifications:list"), {"page": "9" * 400}).content.decode()

    assert page.index("Planning submitted") < page.index("Environment submitted")


def test_the_header_count_is_one_query(
    cast: Cast, client: Client, django_assert_num_queries: Any
) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    client.force_login(cast.alice)
    client.get(reverse("notifications:settings"))

    # The session, the user, the kinds she switched off, and the header's count.
    with django_assert_num_queries(4) as captured:
        page = client.get(reverse("notifications:settings")).content.decode()

    counts = [
        q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert len(counts) == 1 and "COUNT" in counts[0]
    assert '<span class="badge unread">1<' in page


def test_withheld_emails_are_listed_but_never_sent(
    addresses: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """What the demo's seeding does: its fictional people are told in the application only."""
    from stocktake_web.notifications.domain.send import emails_withheld

    water = _new_department(addresses)

    with django_capture_on_commit_callbacks(execute=True), emails_withheld():
        assign_indicators(round=addresses.round, by=addresses.alice, pairs=[("G1", water)])

    assert mail.outbox == []
    assert Notification.objects.get().recipient == addresses.bob


@pytest.mark.postgres
def test_ten_simultaneous_reminder_runs_remind_each_department_once(
    transactional_db: None, addresses: Cast
) -> None:
    from .test_concurrency import _together

    _deadline(addresses, datetime.date(2026, 6, 10))

    runs = _together(lambda n: send_reminders(today=datetime.date(2026, 6, 11)))

    assert sum(run.overdue for run in runs if not isinstance(run, Exception)) == 2
    assert ReminderSent.objects.count() == 2
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 2
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]

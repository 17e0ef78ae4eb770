"""Closing answering and signing off with their consequences shown, one current round per city
and framework unless the coordinator says why, and rounds archived, never deleted.

The issue's scenario: a coordinator closed answering on a round with six of seven departments
overdue and 47 % of the indicators answered, with one click and no warning. Now the click shows
what closing leaves behind, and only a confirmation closes.
"""

from __future__ import annotations

import datetime
import html
from importlib.resources import files

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from stocktake.frameworks import load_framework
from stocktake_web.assessments.domain import (
    AnswerContent,
    RoundStateError,
    SecondRoundError,
    SignOffReasonError,
    WorkflowError,
    archive_round,
    assign_indicators,
    open_round,
    reconcile,
    restore_round,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.domain.completion import department_progress
from stocktake_web.assessments.domain.lookups import rounds_of_city
from stocktake_web.assessments.models import Answer, Round, SignOff
from stocktake_web.audit.models import AuditEvent
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.network.domain import add_department
from stocktake_web.network.models import Department

from .conftest import Cast
from .test_views import _disagree_on_g1 as disagree_on_g1

UNDRR = files("stocktake.data.frameworks") / "undrr-scorecard-prelim.yaml"
DEPARTMENTS = ("disaster", "water", "health", "transport", "finance")


def _undrr_round(cast: Cast, *, answered: int, days_late: int = 3) -> Round:
    """Harbour City's UNDRR round with its seven departments, each indicator assigned to one of
    them in turn, the first ``answered`` indicators answered, the deadline ``days_late`` days
    ago; only the environment department has submitted."""
    framework = import_framework(framework=load_framework(str(UNDRR)))
    for slug in DEPARTMENTS:
        add_department(city=cast.harbour, slug=slug, name={"en": slug.title()})
    departments = list(Department.objects.filter(city=cast.harbour).order_by("slug"))
    current = open_round(
        city=cast.harbour,
        framework=framework,
        name="UNDRR 2026",
        deadline=datetime.date.today() - datetime.timedelta(days=days_late),
        opened_by=cast.alice,
    )
    indicators = framework.load().indicators()
    pairs = [(ind.id, departments[n % len(departments)]) for n, ind in enumerate(indicators)]
    assign_indicators(round=current, by=cast.alice, pairs=pairs)
    for indicator in indicators[:answered]:
        answer = Answer.objects.get(assignment__round=current, assignment__indicator=indicator.id)
        save_answer(
            answer=answer, user=cast.alice, base_version=0, content=AnswerContent(value="2")
        )
    submit_department(round=current, department=cast.environment, by=cast.bob)
    return current


def _page(response: object) -> str:
    """The page's text as a reader sees it: entities read, white space collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())  # type: ignore[attr-defined]


def _minimum(cast: Cast, percent: int) -> None:
    cast.network.minimum_sign_off_coverage = percent
    cast.network.save(update_fields=["minimum_sign_off_coverage"])


# -- close answering -----------------------------------------------------------------------------


def test_closing_shows_six_overdue_departments_and_47_percent_before_anything_changes(
    cast: Cast, client: Client
) -> None:
    current = _undrr_round(cast, answered=22)
    client.force_login(cast.alice)

    response = client.post(reverse("assessments:close", args=[current.pk]))

    page = _page(response)
    assert response.status_code == 200
    assert "Coverage: 47 % — 22 of the 47 indicators expected answered." in page
    assert "6 departments have not submitted their answers:" in page
    assert "6 of them are past the deadline." in page
    for name in ("Disaster", "Water", "Health", "Transport", "Finance", "Planning"):
        assert f"{name} —" in page
    assert "Environment —" not in page
    current.refresh_from_db()
    assert current.is_open
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ANSWERING_CLOSED).exists()


def test_confirming_closes_and_keeps_the_coverage_in_the_audit_log(
    cast: Cast, client: Client
) -> None:
    current = _undrr_round(cast, answered=22)
    client.force_login(cast.alice)

    response = client.post(reverse("assessments:close", args=[current.pk]), {"confirmed": "1"})

    assert response.status_code == 302
    current.refresh_from_db()
    assert current.state == Round.State.RECONCILING
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.ANSWERING_CLOSED)
    assert (event.actor, event.details["answered"], event.details["expected"]) == (
        cast.alice,
        22,
        47,
    )


def test_a_malformed_confirmation_shows_the_consequences_again(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:close", args=[cast.round.pk]),
        {"confirmed": "maybe" * 10_000, "reason": "x" * 50_000},
    )

    assert response.status_code == 200
    assert "Close answering?" in _page(response)
    cast.round.refresh_from_db()
    assert cast.round.is_open


def test_after_closing_departments_say_what_is_true(cast: Cast, client: Client) -> None:
    current = _undrr_round(cast, answered=22)
    client.force_login(cast.alice)
    before = _page(client.get(reverse("assessments:round", args=[current.pk])))
    assert before.count('badge overdue">Overdue') == 6

    start_reconciliation(round=current, by=cast.alice)

    page = _page(client.get(reverse("assessments:round", args=[current.pk])))
    assert page.count("Not submitted — answering closed") == 6
    assert "In progress" not in page
    assert 'badge overdue">Overdue' not in page
    assert page.count('badge done">Submitted') == 1
    assert "of its 7 indicators answered" in page


@pytest.mark.parametrize(
    ("state", "submitted", "answered", "late", "expected"),
    [
        ("open", False, 0, False, "not_started"),
        ("open", False, 1, False, "in_progress"),
        ("open", False, 1, True, "overdue"),
        ("open", True, 1, True, "submitted"),
        ("reconciling", False, 1, True, "not_submitted"),
        ("reconciling", True, 1, True, "submitted"),
        ("signed_off", False, 0, True, "not_submitted"),
    ],
)
def test_a_departments_state_in_every_state_of_the_round(
    cast: Cast, state: str, submitted: bool, answered: int, late: bool, expected: str
) -> None:
    if answered:
        save_answer(
            answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent("2")
        )
    if submitted:
        submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    Round.objects.filter(pk=cast.round.pk).update(state=state)
    cast.round.refresh_from_db()
    today = cast.round.deadline + datetime.timedelta(days=1 if late else -1)

    (environment,) = [
        item
        for item in department_progress(cast.round, today=today)
        if item.department == cast.environment
    ]

    assert environment.state == expected


# -- sign-off ------------------------------------------------------------------------------------


def _reconciling(cast: Cast) -> None:
    disagree_on_g1(cast)
    start_reconciliation(round=cast.round, by=cast.alice)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)


def test_signing_off_below_the_minimum_without_a_reason_is_refused(
    cast: Cast, client: Client
) -> None:
    _minimum(cast, 80)
    _reconciling(cast)
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1", "reason": " "}
    )

    page = _page(response)
    assert response.status_code == 200
    assert (
        "Only 1 of the 5 indicators expected are answered (20 %), below the network's minimum "
        "of 80 % for a sign-off" in page
    )
    assert "Why you sign off below the minimum coverage" in page
    assert not SignOff.objects.exists()


def test_signing_off_below_the_minimum_with_a_reason_is_recorded(
    cast: Cast, client: Client
) -> None:
    _minimum(cast, 80)
    _reconciling(cast)
    client.force_login(cast.alice)
    reason = "The council needs the governance results before the budget vote."

    response = client.post(
        reverse("assessments:sign_off", args=[cast.round.pk]),
        {"confirmed": "1", "reason": reason},
    )

    assert response.status_code == 302
    assert SignOff.objects.filter(round=cast.round).exists()
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.ROUND_SIGNED_OFF)
    assert (event.details["reason"], event.details["answered"], event.details["expected"]) == (
        reason,
        1,
        5,
    )
    history = _page(client.get(reverse("assessments:round", args=[cast.round.pk])))
    assert reason in history


def test_the_sign_off_page_says_the_coverage_is_below_the_minimum(
    cast: Cast, client: Client
) -> None:
    _minimum(cast, 80)
    _reconciling(cast)
    client.force_login(cast.alice)

    response = client.post(reverse("assessments:sign_off", args=[cast.round.pk]))

    page = _page(response)
    assert "Sign off the round?" in page
    assert "Coverage: 20 % — 1 of the 5 indicators expected answered." in page
    assert "Below the network's minimum of 80 %" in page
    assert not SignOff.objects.exists()


def test_at_the_minimum_no_reason_is_needed(cast: Cast) -> None:
    _minimum(cast, 20)
    _reconciling(cast)

    sign_off(round=cast.round, by=cast.alice)

    assert SignOff.objects.filter(round=cast.round).exists()


def test_the_domain_refuses_a_sign_off_below_the_minimum_without_a_reason(cast: Cast) -> None:
    _minimum(cast, 21)
    _reconciling(cast)

    with pytest.raises(SignOffReasonError, match="minimum of 21 %"):
        sign_off(round=cast.round, by=cast.alice)
    with pytest.raises(WorkflowError, match="too long"):
        sign_off(round=cast.round, by=cast.alice, reason="x" * 2001)

    cast.round.refresh_from_db()
    assert cast.round.state == Round.State.RECONCILING


def test_a_double_click_on_a_sign_off_with_a_reason_signs_off_once(
    cast: Cast, client: Client
) -> None:
    _minimum(cast, 80)
    _reconciling(cast)
    client.force_login(cast.alice)
    url = reverse("assessments:sign_off", args=[cast.round.pk])
    data = {"confirmed": "1", "reason": "Budget vote"}

    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)

    assert "The round is signed off" in _page(first)
    assert "This round is already signed off." in _page(second)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROUND_SIGNED_OFF).count() == 1


def test_the_sign_off_page_lists_unreconciled_disagreements(cast: Cast, client: Client) -> None:
    disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    client.force_login(cast.alice)

    page = _page(client.post(reverse("assessments:sign_off", args=[cast.round.pk])))

    assert "Departments disagree on one indicator not yet reconciled:" in page
    assert f'href="/rounds/{cast.round.pk}/#d-G1"' in page


# -- unassigned indicators -----------------------------------------------------------------------


def test_unassigned_indicators_are_flagged_on_opening_on_the_page_and_before_closing(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)
    cbi = import_framework(
        framework=load_framework(str(files("stocktake.data.frameworks") / "cbi-2014.yaml"))
    )

    response = client.post(
        reverse("assessments:open_round", args=["harbour"]),
        {
            "framework": cbi.pk,
            "name": "CBI 2027",
            "deadline": "2099-01-31",
            "assign_suggested": "on",
        },
        follow=True,
    )

    opened = Round.objects.get(name="CBI 2027")
    assigned = set(opened.assignments.values_list("indicator", flat=True))
    missing = [ind for ind in cbi.load().indicators() if ind.id not in assigned]
    assert missing  # Harbour City has two of the departments the CBI suggests
    page = _page(response)
    assert f"{_count(missing)} no department to answer" in page
    assert ", ".join(ind.id for ind in missing) in page
    round_page = _page(client.get(reverse("assessments:round", args=[opened.pk])))
    assert missing[0].title["en"] in round_page
    assert f'href="/rounds/{opened.pk}/#assignments"' in round_page
    confirmation = _page(client.post(reverse("assessments:close", args=[opened.pk])))
    assert f"{_count(missing)} no department to answer" in confirmation


def _count(indicators: list[object]) -> str:
    return "One indicator has" if len(indicators) == 1 else f"{len(indicators)} indicators have"


def test_the_round_page_flags_an_indicator_until_it_is_assigned(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("assessments:round", args=[cast.round.pk])
    assert "One indicator has no department to answer it" in _page(client.get(url))

    assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.environment)])

    assert "no department to answer" not in _page(client.get(url))


# -- one current round per city and framework ----------------------------------------------------


def _second(cast: Cast, **extra: str) -> dict[str, object]:
    return {"framework": cast.framework.pk, "name": "2025 again", "deadline": "2099-01-31", **extra}


def test_a_second_current_round_of_the_same_framework_asks_why(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("assessments:open_round", args=["harbour"])
    assert 'name="reason"' not in _page(client.get(url))

    response = client.post(url, _second(cast))

    page = _page(response)
    assert response.status_code == 200
    assert "Harbour City already has a current round of this framework (“2025”)" in page
    assert 'name="reason"' in page
    assert not Round.objects.filter(name="2025 again").exists()


def test_a_second_current_round_with_a_reason_is_opened_and_the_reason_kept(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)

    client.post(
        reverse("assessments:open_round", args=["harbour"]),
        _second(cast, reason="The planning department answers a separate pilot"),
    )

    opened = Round.objects.get(name="2025 again")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROUND_OPENED, details__round_id=opened.pk)
    assert event.details["reason"] == "The planning department answers a separate pilot"
    assert event.details["framework"] == cast.framework.key


@pytest.mark.parametrize("finish", ["archive", "sign_off"])
def test_once_the_current_round_is_archived_or_signed_off_no_reason_is_asked(
    cast: Cast, finish: str
) -> None:
    if finish == "archive":
        archive_round(round=cast.round, by=cast.alice, reason="Opened by mistake")
    else:
        start_reconciliation(round=cast.round)
        sign_off(round=cast.round, by=cast.alice)

    opened = open_round(
        city=cast.harbour,
        framework=cast.framework,
        name="2026",
        deadline=datetime.date(2099, 1, 31),
        opened_by=cast.alice,
    )

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROUND_OPENED, details__round_id=opened.pk)
    assert event.details["reason"] == ""


def test_another_citys_round_does_not_count(cast: Cast) -> None:
    with pytest.raises(SecondRoundError):
        open_round(
            city=cast.hillside,
            framework=cast.framework,
            name="Another",
            deadline=datetime.date(2099, 1, 31),
            opened_by=cast.charlie,
            reason="   ",
        )
    Round.objects.filter(pk=cast.hill_round.pk).update(state=Round.State.SIGNED_OFF)

    open_round(
        city=cast.hillside,
        framework=cast.framework,
        name="Another",
        deadline=datetime.date(2099, 1, 31),
        opened_by=cast.charlie,
    )

    assert cast.round.is_open  # Harbour City's current round played no part


# -- archiving -----------------------------------------------------------------------------------


def test_an_archived_round_leaves_the_lists_and_stays_readable(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:archive", args=[cast.round.pk]), {"reason": "Opened by mistake"}
    )

    assert response.status_code == 302
    cast.round.refresh_from_db()
    assert cast.round.is_archived and cast.round.archived_by == cast.alice
    assert rounds_of_city(cast.harbour) == []
    dashboard = _page(client.get(reverse("dashboards:city", args=["harbour"])))
    assert f"/rounds/{cast.round.pk}/" not in dashboard
    for person in (cast.alice, cast.vera):
        client.force_login(person)
        page = _page(client.get(reverse("assessments:round", args=[cast.round.pk])))
        assert "Archived" in page and "Reason: Opened by mistake" in page


def test_an_archived_round_changes_no_more(cast: Cast) -> None:
    archive_round(round=cast.round, by=cast.alice, reason="Opened by mistake")

    with pytest.raises(RoundStateError):
        save_answer(
            answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent("2")
        )
    with pytest.raises(RoundStateError, match="archived"):
        start_reconciliation(round=cast.round)
    with pytest.raises(RoundStateError, match="already archived"):
        archive_round(round=cast.round, by=cast.alice, reason="Again")


def test_a_restored_round_returns_in_the_state_it_was_archived_in(
    cast: Cast, client: Client
) -> None:
    start_reconciliation(round=cast.round)
    archive_round(round=cast.round, by=cast.alice, reason="Paused")
    client.force_login(cast.alice)

    client.post(reverse("assessments:restore", args=[cast.round.pk]), {"reason": "Resumed"})

    cast.round.refresh_from_db()
    assert not cast.round.is_archived
    assert cast.round.state == Round.State.RECONCILING
    assert rounds_of_city(cast.harbour) == [cast.round]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROUND_RESTORED)
    assert event.details["reason"] == "Resumed"


def test_archiving_needs_a_reason_and_a_round_not_signed_off(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="Say why"):
        archive_round(round=cast.round, by=cast.alice, reason="")
    start_reconciliation(round=cast.round)
    sign_off(round=cast.round, by=cast.alice)

    with pytest.raises(RoundStateError, match="withdraw the sign-off first"):
        archive_round(round=cast.round, by=cast.alice, reason="Old")
    with pytest.raises(RoundStateError, match="not archived"):
        restore_round(round=cast.round, by=cast.alice)


def test_a_double_click_on_archive_archives_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("assessments:archive", args=[cast.round.pk])

    first = client.post(url, {"reason": "Opened by mistake"}, follow=True)
    second = client.post(url, {"reason": "Opened by mistake"}, follow=True)

    assert "The round is archived" in _page(first)
    assert "This round is already archived." in _page(second)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROUND_ARCHIVED).count() == 1


def test_rounds_cannot_be_deleted_through_the_administration_site() -> None:
    assert Round not in admin.site._registry


@pytest.mark.parametrize("person", ["vera", "bob", "sam"])
@pytest.mark.parametrize("action", ["archive", "restore", "close", "sign_off"])
def test_viewers_respondents_and_the_secretariat_cannot_take_these_steps(
    cast: Cast, client: Client, person: str, action: str
) -> None:
    client.force_login(getattr(cast, person))

    response = client.post(
        reverse(f"assessments:{action}", args=[cast.round.pk]),
        {"confirmed": "1", "reason": "Because"},
    )

    assert response.status_code == 403
    cast.round.refresh_from_db()
    assert cast.round.is_open and not cast.round.is_archived

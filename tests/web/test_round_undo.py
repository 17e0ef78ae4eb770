"""Undoing a step of a round: withdrawing a sign-off and reopening answering.

Both are the coordinator's, need a reason, are recorded in the audit log with it, keep every
answer and reconciliation, and are refused with a message when the round is not in the state
they undo (a second click, or two coordinators at once).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    AnswerContent,
    RoundStateError,
    WorkflowError,
    reconcile,
    reopen_answering,
    save_answer,
    sign_off,
    start_reconciliation,
    withdraw_sign_off,
)
from stocktake_web.assessments.domain.rounds import STEP_REASON_MAX_LENGTH
from stocktake_web.assessments.models import Reconciliation, Round, SignOff
from stocktake_web.audit.models import AuditEvent

from .conftest import Cast
from .test_concurrency import _one_wins, _round, _together
from .test_views import _disagree_on_g1 as disagree_on_g1


def _signed_off(cast: Cast) -> SignOff:
    disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    return sign_off(round=cast.round, by=cast.alice)


def _events(kind: AuditEvent.Kind) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind))


def test_a_withdrawn_sign_off_returns_the_round_to_reconciling_and_keeps_what_was_typed(
    cast: Cast,
) -> None:
    record = _signed_off(cast)
    answers = sorted(cast.round.assignments.values_list("answer__value", flat=True))

    withdraw_sign_off(round=cast.round, by=cast.alice, reason="A figure was wrong")

    cast.round.refresh_from_db()
    assert cast.round.state == Round.State.RECONCILING
    assert not SignOff.objects.filter(round=cast.round).exists()
    assert sorted(cast.round.assignments.values_list("answer__value", flat=True)) == answers
    assert Reconciliation.objects.get(round=cast.round, indicator="G1").value == "2"
    (event,) = _events(AuditEvent.Kind.SIGN_OFF_WITHDRAWN)
    assert event.actor == cast.alice
    assert event.details["reason"] == "A figure was wrong"
    assert event.details["signed_off_at"] == record.signed_off_at.isoformat()
    assert event.details["signed_off_by"] == cast.alice.username


def test_a_round_signed_off_again_after_a_withdrawal_stores_new_results(cast: Cast) -> None:
    _signed_off(cast)
    withdraw_sign_off(round=cast.round, by=cast.alice, reason="Recheck G1")
    reconcile(round=cast.round, indicator="G1", value="3", reason="Rechecked", by=cast.alice)

    record = sign_off(round=cast.round, by=cast.alice)

    assert record.results["indicators"]["G1"]["points"] == 3.0
    assert len(_events(AuditEvent.Kind.ROUND_SIGNED_OFF)) == 2


@pytest.mark.parametrize("reason", ["", "   ", "x" * (STEP_REASON_MAX_LENGTH + 1)])
def test_undoing_a_step_needs_a_reason_of_bounded_length(cast: Cast, reason: str) -> None:
    _signed_off(cast)

    with pytest.raises(WorkflowError):
        withdraw_sign_off(round=cast.round, by=cast.alice, reason=reason)
    withdraw_sign_off(round=cast.round, by=cast.alice, reason="Recheck")
    with pytest.raises(WorkflowError):
        reopen_answering(round=cast.round, by=cast.alice, reason=reason)

    cast.round.refresh_from_db()
    assert cast.round.state == Round.State.RECONCILING
    assert not _events(AuditEvent.Kind.ANSWERING_REOPENED)


def test_only_a_signed_off_round_can_be_withdrawn(cast: Cast) -> None:
    with pytest.raises(RoundStateError, match="nothing to withdraw"):
        withdraw_sign_off(round=cast.round, by=cast.alice, reason="Why not")
    start_reconciliation(round=cast.round)
    with pytest.raises(RoundStateError, match="nothing to withdraw"):
        withdraw_sign_off(round=cast.round, by=cast.alice, reason="Why not")


def test_reopening_answering_lets_departments_answer_again(cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    reopen_answering(round=cast.round, by=cast.alice, reason="Planning asked for a week more")

    cast.round.refresh_from_db()
    assert cast.round.is_open
    outcome = save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )
    assert outcome.conflict is None
    (event,) = _events(AuditEvent.Kind.ANSWERING_REOPENED)
    assert event.details["reason"] == "Planning asked for a week more"


def test_a_signed_off_round_reopens_only_after_its_sign_off_is_withdrawn(cast: Cast) -> None:
    _signed_off(cast)

    with pytest.raises(RoundStateError, match="Withdraw the sign-off first"):
        reopen_answering(round=cast.round, by=cast.alice, reason="More answers")


def test_an_open_round_is_not_reopened(cast: Cast) -> None:
    with pytest.raises(RoundStateError, match="already open"):
        reopen_answering(round=cast.round, by=cast.alice, reason="Twice")


def test_the_round_page_offers_each_undo_to_the_coordinator_only(
    cast: Cast, client: Client
) -> None:
    start_reconciliation(round=cast.round)
    page = reverse("assessments:round", args=[cast.round.pk])

    client.force_login(cast.alice)
    assert reverse("assessments:reopen_answering", args=[cast.round.pk]) in (
        client.get(page).content.decode()
    )
    client.force_login(cast.vera)
    assert reverse("assessments:reopen_answering", args=[cast.round.pk]) not in (
        client.get(page).content.decode()
    )


def test_withdrawing_from_the_page_says_what_happened(cast: Cast, client: Client) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)
    url = reverse("assessments:withdraw_sign_off", args=[cast.round.pk])

    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Say why" in refused.content.decode()
    assert Round.objects.get(pk=cast.round.pk).is_signed_off

    done = client.post(url, {"reason": "A figure was wrong"}, follow=True)
    assert "The sign-off is withdrawn" in done.content.decode()
    again = client.post(url, {"reason": "A figure was wrong"}, follow=True)
    assert "nothing to withdraw" in again.content.decode()
    assert len(_events(AuditEvent.Kind.SIGN_OFF_WITHDRAWN)) == 1


@pytest.mark.parametrize("person", ["bob", "vera", "sam"])
def test_only_the_coordinator_may_undo(cast: Cast, client: Client, person: str) -> None:
    _signed_off(cast)
    client.force_login(getattr(cast, person))

    response = client.post(
        reverse("assessments:withdraw_sign_off", args=[cast.round.pk]), {"reason": "Mine"}
    )

    assert response.status_code in (403, 404)
    assert Round.objects.get(pk=cast.round.pk).is_signed_off


@pytest.mark.postgres
def test_ten_simultaneous_withdrawals_withdraw_once(transactional_db: None, cast: Cast) -> None:
    _signed_off(cast)

    results = _together(
        lambda n: withdraw_sign_off(round=_round(cast), by=cast.alice, reason=f"Click {n}")
    )

    _one_wins(results, "This round is not signed off; there is nothing to withdraw.")
    assert len(_events(AuditEvent.Kind.SIGN_OFF_WITHDRAWN)) == 1
    assert Round.objects.get(pk=cast.round.pk).state == Round.State.RECONCILING

"""A round's own history on its page: who did what, when and why, read from the audit log,
newest first, in the network's time zone; another round's events never appear."""

from __future__ import annotations

import html
import re

from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    archive_round,
    assign_indicators,
    reconcile,
    reopen_answering,
    restore_round,
    sign_off,
    start_reconciliation,
    unassign_indicators,
    withdraw_sign_off,
)
from stocktake_web.audit.domain import record_export
from stocktake_web.audit.models import AuditEvent

from .conftest import Cast
from .test_views import _disagree_on_g1 as disagree_on_g1


def _history(client: Client, cast: Cast) -> str:
    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()
    section = page.split('id="history"', 1)[1]
    text = re.sub(r"<(?!time)[^>]+>", " ", section)  # the text, and each time's stamp
    return " ".join(html.unescape(text).split())


def _a_whole_round(cast: Cast) -> None:
    assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.environment)])
    unassign_indicators(round=cast.round, pairs=[("E3", cast.environment)], by=cast.alice)
    disagree_on_g1(cast)
    start_reconciliation(round=cast.round, by=cast.alice)
    reopen_answering(round=cast.round, by=cast.alice, reason="Planning asked for a week more")
    start_reconciliation(round=cast.round, by=cast.alice)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Both units agree", by=cast.alice)
    sign_off(round=cast.round, by=cast.alice, reason="Council vote on Monday")
    record_export(round=cast.round, by=cast.vera, export="results.csv")
    withdraw_sign_off(round=cast.round, by=cast.alice, reason="A figure was wrong")
    archive_round(round=cast.round, by=cast.alice, reason="Replaced by a new round")
    restore_round(round=cast.round, by=cast.alice, reason="Kept after all")


def test_the_history_lists_each_event_with_who_and_why_newest_first(
    cast: Cast, client: Client
) -> None:
    _a_whole_round(cast)
    client.force_login(cast.alice)

    history = _history(client, cast)

    expected = [
        ("Round taken out of the archive", "Kept after all"),
        ("Round archived", "Replaced by a new round"),
        ("Sign-off withdrawn", "A figure was wrong"),
        ("Export downloaded", "results.csv"),
        ("Round signed off", "Council vote on Monday"),
        ("Answer reconciled", "G1 set to 2. Both units agree"),
        ("Answering closed", "1 of the 5 indicators expected answered."),
        ("Answering reopened", "Planning asked for a week more"),
        ("Indicators assigned", "1 assignment taken back."),
        ("Indicators assigned", "1 assignment added."),
        ("Round opened", "Framework pilot@"),
    ]
    positions = []
    start = 0
    for what, detail in expected:
        found = history.index(what, start)
        assert detail in history[found:], (what, detail)
        positions.append(found)
        start = found + 1
    assert positions == sorted(positions)
    assert "vera" in history and "alice" in history


def test_the_history_is_in_the_networks_time_zone(cast: Cast, client: Client) -> None:
    cast.network.time_zone = "Asia/Taipei"
    cast.network.save(update_fields=["time_zone"])
    client.force_login(cast.vera)

    history = _history(client, cast)

    assert "Times in the network's time zone (Asia/Taipei)" in history
    stamps = re.findall(r'datetime="([^"]+)"', history)
    assert stamps and all(stamp.endswith("+08:00") for stamp in stamps)


def test_another_rounds_events_are_not_in_the_history(cast: Cast, client: Client) -> None:
    archive_round(round=cast.hill_round, by=cast.charlie, reason="Hillside's own reason")
    client.force_login(cast.alice)

    history = _history(client, cast)

    assert "Hillside's own reason" not in history
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROUND_ARCHIVED).count() == 1


def test_the_opening_and_its_reason_are_recorded(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    client.post(
        reverse("assessments:open_round", args=["harbour"]),
        {
            "framework": cast.framework.pk,
            "name": "Pilot again",
            "deadline": "2099-01-31",
            "reason": "A second pilot for the planning department",
        },
    )

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROUND_OPENED, details__round="Pilot again")

    assert event.actor == cast.alice
    assert event.details["reason"] == "A second pilot for the planning department"


def test_the_networks_audit_log_says_why_a_round_was_archived(cast: Cast, client: Client) -> None:
    archive_round(round=cast.round, by=cast.alice, reason="Opened by mistake")
    client.force_login(cast.sam)

    page = html.unescape(client.get(reverse("audit:log", args=["east"])).content.decode())

    assert "Round archived" in page
    assert "round “2025”. Reason: Opened by mistake" in page

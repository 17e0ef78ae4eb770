"""The in-app list of notifications in the browser: the header's count, opening, reading, choosing.

Mei (coordinator) opens a round, which tells Bo (environment) his indicators are assigned; Bo
answers and submits, which tells Mei; Mei asks Bo to revise one answer. Bo sees two unread
notifications in the header, opens the revision request from the list and lands on the answer,
marks the rest read, then stops receiving revision requests, after which a second request no
longer appears in his list (while it still reaches the page of the answer).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stocktake_web.notifications.models import Notification
from stocktake_web.reviews.domain.requests import request_revision

from .conftest import Harbour, SignIn, submitted_round

pytestmark = pytest.mark.e2e

ASK = "Please answer from the 2025 inventory, not the 2023 one."


def test_a_respondent_reads_his_notifications_in_the_list(
    harbour: Harbour, sign_in: SignIn
) -> None:
    _, answer = submitted_round(harbour)
    request_revision(answer=answer, by=harbour.mei, message=ASK)

    bo = sign_in("bo")
    expect(bo.locator(".notifications-link .badge.unread")).to_contain_text("2")
    bo.locator(".notifications-link").click()
    items = bo.locator("li.notification")
    expect(items).to_have_count(2)
    expect(bo.locator("li.notification.unread")).to_have_count(2)
    expect(items.first).to_contain_text("Revision requested")  # newest first
    expect(items.first.locator("blockquote")).to_have_text(ASK)
    expect(items.last).to_contain_text("Indicators assigned to you")

    items.first.locator("a").click()
    assert bo.url.split("#")[0].endswith(f"/answers/{answer.pk}/")
    expect(bo.locator("#revision")).to_contain_text(ASK)
    expect(bo.locator(".notifications-link .badge.unread")).to_contain_text("1")

    bo.goto("/notifications/")
    expect(bo.locator("li.notification.unread")).to_have_count(1)
    expect(bo.locator("li.notification.unread")).to_contain_text("Indicators assigned to you")
    bo.get_by_role("button", name="Mark all read").click()
    expect(bo.locator("li.notification.unread")).to_have_count(0)
    expect(bo.locator(".notifications-link .badge.unread")).to_have_count(0)
    expect(bo.get_by_role("button", name="Mark all read")).to_have_count(0)


def test_a_kind_left_unticked_no_longer_reaches_the_list(harbour: Harbour, sign_in: SignIn) -> None:
    _, answer = submitted_round(harbour)
    bo = sign_in("bo")
    bo.goto("/notifications/settings/")
    bo.get_by_label("Revision requested").uncheck()
    bo.get_by_role("button", name="Save").click()

    request_revision(answer=answer, by=harbour.mei, message=ASK)

    bo.goto("/notifications/")
    expect(bo.locator("li.notification")).to_have_count(1)
    expect(bo.locator("li.notification")).not_to_contain_text("Revision requested")
    bo.goto(f"/answers/{answer.pk}/")
    expect(bo.locator("#revision")).to_contain_text(ASK)  # the request itself still stands
    mei = sign_in("mei")
    expect(mei.locator(".notifications-link .badge.unread")).to_contain_text("1")
    mei.locator(".notifications-link").click()
    expect(mei.locator("li.notification")).to_contain_text("A department submitted")
    assert Notification.objects.filter(recipient=harbour.bo).count() == 1

"""A revision request and an answer's comment thread in the browser.

Bo (environment) has answered the greenhouse-gas inventory and submitted; Mei (coordinator) asks
him to revise that one answer. Bo sees the request on his department's page and as a banner on
the answer, revises it (the submitted department's other answers stay closed) and says what he
changed in the thread; Mei reads it, replies, and settles the request, after which the answer is
closed again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stocktake_web.assessments.models import Answer, Round
from stocktake_web.reviews.models import RevisionRequest

from .conftest import Harbour, SignIn, submitted_round

pytestmark = pytest.mark.e2e

ASK = "The inventory is the 2023 one; please answer from the 2025 inventory."
REPLY = "Done: level 3, from the 2025 inventory <table 4>."


def _ask(mei: Page, answer: Answer) -> None:
    mei.goto(f"/answers/{answer.pk}/")
    mei.get_by_text("Ask the department to revise this answer").click()
    mei.locator("#revision-message").fill(ASK)
    mei.get_by_role("button", name="Request a revision").click()
    expect(mei.locator(".message.success")).to_contain_text("asked to revise")
    expect(mei.locator("#revision")).to_contain_text(ASK)


def _revise(bo: Page, round: Round, answer: Answer) -> None:
    bo.goto(f"/rounds/{round.pk}/departments/environment/")
    expect(bo.locator("#revision-requests")).to_contain_text(
        "The coordinator asks for one revision"
    )
    bo.locator("#revision-requests a").click()
    expect(bo.locator("#revision")).to_contain_text("Revision requested")
    expect(bo.locator("#revision")).to_contain_text(ASK)
    bo.locator("input[name=value][value='3']").check()
    expect(bo.locator("input[name=base_version]")).to_have_value("2")
    bo.locator("#comment-text").fill(REPLY)
    bo.get_by_role("button", name="Post the comment").click()
    expect(bo.locator("#comments .thread")).to_contain_text(REPLY)


def test_a_coordinator_asks_and_a_submitted_department_revises(
    harbour: Harbour, sign_in: SignIn
) -> None:
    round, answer = submitted_round(harbour)
    mei = sign_in("mei")
    _ask(mei, answer)

    bo = sign_in("bo")
    _revise(bo, round, answer)
    expect(bo.locator("form[data-autosave]")).to_have_count(1)
    mei.reload()
    expect(mei.locator("#revision .badge")).to_have_text("Revised")
    expect(mei.locator("#comments")).to_contain_text(REPLY)
    mei.locator("#comment-text").fill("Thank you, accepted.")
    mei.get_by_role("button", name="Post the comment").click()
    mei.get_by_role("button", name="Accept the revision and settle").click()
    expect(mei.locator(".message.success")).to_contain_text("settled")

    bo.reload()
    expect(bo.locator("#comments .thread li")).to_have_count(2)
    expect(bo.locator("#comments .thread li").last).to_contain_text("Thank you, accepted.")
    expect(bo.locator("#revision")).not_to_contain_text("Waiting for a revision")
    expect(bo.locator("form[data-autosave]")).to_have_count(0)
    answer.refresh_from_db()
    request = RevisionRequest.objects.get()
    assert (answer.value, request.state, request.settled_by) == ("3", "settled", harbour.mei)
    other = Answer.objects.get(assignment__round=round, assignment__indicator="E2")
    bo.goto(f"/answers/{other.pk}/")
    expect(bo.locator("form[data-autosave]")).to_have_count(0)  # only the requested one opened

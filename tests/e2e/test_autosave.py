"""Autosave in the browser: htmx sends one save at a time, each based on the version the last
one gave back, and a conflict stops saving until the person has compared the two versions."""

from __future__ import annotations

import datetime
import time

import pytest
from playwright.sync_api import Page, Request, expect

from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
)
from stocktake_web.assessments.models import Answer, Conflict

from .conftest import TIMEOUT_MS, Harbour, SignIn

pytestmark = pytest.mark.e2e


def _answer(harbour: Harbour, indicator: str = "E1") -> Answer:
    opened = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025 pilot",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=opened, by=harbour.mei)
    return Answer.objects.get(
        assignment__round=opened,
        assignment__indicator=indicator,
        assignment__department=harbour.environment,
    )


def _saves(page: Page, answer: Answer) -> list[Request]:
    """Every autosave the page sends from now on, as htmx marks them."""
    sent: list[Request] = []

    def note(request: Request) -> None:
        if request.method == "POST" and request.url.endswith(f"/answers/{answer.pk}/"):
            sent.append(request)

    page.on("request", note)
    return sent


def _settle(page: Page, saves: list[Request]) -> None:
    """Until every save sent has had its answer and none was sent for a second: longer than
    autosave waits after a change. The database is read only then (SQLite in the tests is
    locked while the live server writes)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        sent = len(saves)
        page.wait_for_timeout(1000)
        if len(saves) == sent and all(request.response() is not None for request in saves):
            return
        assert time.monotonic() < deadline, "autosave did not settle in time"


def test_quick_clicks_autosave_one_after_another_and_keep_the_last_choice(
    harbour: Harbour, sign_in: SignIn
) -> None:
    answer = _answer(harbour)
    bo = sign_in("bo")
    bo.goto(f"/answers/{answer.pk}/")
    saves = _saves(bo, answer)

    for level in ("1", "3", "2", "4", "2"):
        bo.locator(f"input[name=value][value='{level}']").check()
    bo.locator("textarea[name=evidence]").fill("Council minutes, 2024")
    bo.locator("textarea[name=comment]").fill("Checked with the clerk")
    _settle(bo, saves)

    answer.refresh_from_db()
    assert (answer.value, answer.evidence, answer.comment) == (
        "2",
        "Council minutes, 2024",
        "Checked with the clerk",
    )
    expect(bo.locator("input[name=base_version]")).to_have_value(str(answer.version))
    assert not Conflict.objects.filter(answer=answer).exists()
    assert saves and all(request.headers.get("hx-request") == "true" for request in saves)


def test_autosave_stops_after_a_conflict_and_says_so(harbour: Harbour, sign_in: SignIn) -> None:
    answer = _answer(harbour)
    bo = sign_in("bo")
    bo.goto(f"/answers/{answer.pk}/")
    # Saved elsewhere after this page was opened: the page's version is now out of date.
    save_answer(answer=answer, user=harbour.bo, base_version=0, content=AnswerContent(value="1"))
    saves = _saves(bo, answer)

    bo.locator("input[name=value][value='3']").check()
    expect(bo.locator("#save-status")).to_have_attribute("data-state", "problem")
    expect(bo.locator("#save-status")).to_contain_text("Someone else saved this answer")
    bo.locator("textarea[name=evidence]").fill("Typed after the conflict")
    _settle(bo, saves)

    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("1", 1)
    assert Conflict.objects.filter(answer=answer).count() == 1
    assert len(saves) == 1
    expect(bo.locator("input[name=base_version]")).to_have_value("0")

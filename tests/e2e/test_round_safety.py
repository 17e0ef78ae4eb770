"""The issue's scenario in the browser: a coordinator closes answering on a round past its
deadline with little answered, sees what that leaves behind and confirms; signs off below the
network's minimum coverage with a reason; then withdraws the sign-off, and finds each step with
its reason in the round's history."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
)
from stocktake_web.assessments.models import Answer, Round, SignOff

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e


def _late_round(harbour: Harbour) -> Round:
    """The pilot round past its deadline, with one indicator answered of the five expected."""
    current = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025 pilot",
        deadline=datetime.date.today() - datetime.timedelta(days=5),
        opened_by=harbour.mei,
    )
    assign_indicators(round=current, by=harbour.mei)
    answer = Answer.objects.get(
        assignment__round=current,
        assignment__indicator="E1",
        assignment__department=harbour.environment,
    )
    save_answer(answer=answer, user=harbour.bo, base_version=0, content=AnswerContent(value="1"))
    return current


def test_close_and_sign_off_show_their_consequences_and_a_sign_off_can_be_withdrawn(
    harbour: Harbour, sign_in: SignIn
) -> None:
    current = _late_round(harbour)
    mei = sign_in("mei")
    mei.goto(f"/rounds/{current.pk}/")
    expect(mei.locator("#unassigned")).to_contain_text("E3")

    mei.get_by_role("button", name="Close answering").click()
    expect(mei.locator("h1")).to_have_text("Close answering?")
    expect(mei.locator("#coverage")).to_contain_text("1 of the 5 indicators expected answered")
    expect(mei.locator("#unsubmitted")).to_contain_text("2 departments have not submitted")
    expect(mei.locator("#unsubmitted")).to_contain_text("2 of them are past the deadline")
    expect(mei.locator("#unassigned")).to_contain_text("E3")
    mei.get_by_role("button", name="Close answering").click()
    expect(mei.locator(".message.success")).to_contain_text("Answering is closed")
    expect(mei.get_by_text("Not submitted — answering closed")).to_have_count(2)

    mei.get_by_role("button", name="Sign off").click()
    expect(mei.locator("#coverage")).to_contain_text("Below the network's minimum of 80 %")
    mei.get_by_role("button", name="Sign off").click()
    expect(mei.locator(".errorlist")).to_contain_text("say why the round is signed off")
    mei.locator("textarea[name='reason']").fill("The council votes the budget on Monday.")
    mei.get_by_role("button", name="Sign off").click()
    expect(mei).to_have_url(re.compile(rf"/cities/harbour/\?round={current.pk}$"))
    assert SignOff.objects.filter(round=current).exists()

    mei.goto(f"/rounds/{current.pk}/")
    mei.get_by_text("Withdraw the sign-off").first.click()
    mei.locator("#withdraw-reason").fill("The planning department sent its figures late.")
    mei.get_by_role("button", name="Withdraw the sign-off").click()
    expect(mei.locator(".message.success")).to_contain_text("The sign-off is withdrawn")
    history = mei.locator("table.history")
    expect(history.locator("tr").nth(1)).to_contain_text("Sign-off withdrawn")
    expect(history.locator("tr").nth(1)).to_contain_text("sent its figures late")
    expect(history).to_contain_text("The council votes the budget on Monday.")
    expect(history).to_contain_text("1 of the 5 indicators expected answered.")
    current.refresh_from_db()
    assert current.state == Round.State.RECONCILING

"""A whole round in the browser: opened, answered in Traditional Chinese, reconciled, signed off.

Mei (coordinator) opens the round with the framework's suggested assignments; Bo (environment)
switches to Traditional Chinese and answers; Pei (planning) has answered the shared indicator
differently; Mei reconciles the disagreement, signs off, and reads the key areas for development.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Answer, Round, SignOff

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e

EVIDENCE = "市府跨局處淨零工作小組每季會議紀錄，由研考會列管。"


def _open_round(mei: Page) -> Round:
    mei.get_by_role("link", name="Open a new round").click()
    expect(mei.locator("h1")).to_have_text("Open a round")
    mei.locator("#id_name").fill("2025 pilot")
    mei.get_by_role("button", name="Open the round").click()
    expect(mei.locator(".message.success")).to_contain_text("The round is open")
    return Round.objects.get(name="2025 pilot")


def _choose_traditional_chinese(page: Page) -> None:
    page.locator("#language-choice").select_option("zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.locator("h1")).to_have_text("我的工作")


def _answer(page: Page, title: str, level: str, version_after: int) -> None:
    """Open an indicator from the department's list and choose a level; autosave does the rest."""
    page.get_by_role("link", name=re.compile(title)).click()
    expect(page.locator("h1")).to_contain_text(title)
    page.locator(f"input[name=value][value='{level}']").check()
    expect(page.locator("input[name=base_version]")).to_have_value(str(version_after))


def _answer_in_chinese(bo: Page, round: Round) -> None:
    _choose_traditional_chinese(bo)
    bo.locator(f"a[href='/rounds/{round.pk}/departments/environment/']").click()
    expect(bo.locator("h1")).to_have_text("環境保護局")

    _answer(bo, "跨局處協調", level="3", version_after=1)
    expect(bo.get_by_text("有預算與監測。")).to_be_visible()
    bo.locator("textarea[name=evidence]").fill(EVIDENCE)
    expect(bo.locator("input[name=base_version]")).to_have_value("2")
    expect(bo.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(bo.locator("#save-status")).to_contain_text("儲存")

    bo.locator(f"a[href='/rounds/{round.pk}/departments/environment/']").first.click()
    _answer(bo, "溫室氣體盤查", level="1", version_after=1)
    bo.locator(f"a[href='/rounds/{round.pk}/departments/environment/']").first.click()
    bo.locator("form[action$='/submit/'] button[type=submit]").click()
    expect(bo.locator("form[action$='/submit/']")).to_have_count(0)


def _planning_answers(harbour: Harbour, round: Round) -> None:
    """Pei answered the shared indicator lower than Bo did, so the two disagree."""
    answer = Answer.objects.get(
        assignment__round=round, assignment__indicator="G1", assignment__department__slug="planning"
    )
    save_answer(answer=answer, user=harbour.pei, base_version=0, content=AnswerContent(value="1"))


def _reconcile_and_sign_off(mei: Page, round: Round) -> None:
    mei.goto(f"/rounds/{round.pk}/")
    mei.get_by_role("button", name="Close answering").click()
    expect(mei.locator("#coverage")).to_contain_text("indicators expected answered")
    mei.get_by_role("button", name="Close answering").click()
    disagreement = mei.locator("#d-G1")
    expect(disagreement).to_contain_text("To reconcile")
    expect(disagreement.locator(".answer")).to_have_count(2)
    disagreement.locator("select[name='r-G1-value']").select_option("2")
    disagreement.locator("textarea[name='r-G1-reason']").fill(
        "A lead unit is named in both departments' evidence; no budget line yet."
    )
    disagreement.get_by_role("button", name="Reconcile").click()
    expect(mei.locator("#d-G1")).to_contain_text("Reconciled answer: 2")
    mei.get_by_role("button", name="Sign off").click()
    mei.locator("textarea[name='reason']").fill("The other indicators are for next year.")
    mei.get_by_role("button", name="Sign off").click()


def test_a_round_goes_from_opening_to_key_areas_for_development(
    harbour: Harbour, sign_in: SignIn
) -> None:
    mei = sign_in("mei")
    round = _open_round(mei)
    expect(mei.locator("input[value='G1:environment']")).to_be_checked()
    expect(mei.locator("input[value='G1:planning']")).to_be_checked()

    _answer_in_chinese(sign_in("bo"), round)
    _planning_answers(harbour, round)
    _reconcile_and_sign_off(mei, round)

    expect(mei).to_have_url(re.compile(rf"/cities/harbour/\?round={round.pk}$"))
    expect(mei.locator(".message.success")).to_contain_text("signed off")
    key_areas = mei.locator("ol.key-areas > li")
    expect(key_areas).to_have_count(2)
    expect(key_areas.nth(0)).to_contain_text("Greenhouse-gas inventory (E1)")
    expect(key_areas.nth(0)).to_contain_text("At level 1 of 4, 2 below the target of 3.")
    expect(key_areas.nth(1)).to_contain_text("Cross-departmental coordination (G1)")
    expect(key_areas.nth(1)).to_contain_text("reconciled by the coordinator")
    assert SignOff.objects.filter(round=round).exists()
    assert (
        Answer.objects.get(
            assignment__round=round,
            assignment__indicator="G1",
            assignment__department__slug="environment",
        ).evidence
        == EVIDENCE
    )

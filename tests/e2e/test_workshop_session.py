"""Gangdu runs the UNDRR preliminary scorecard as a workshop, in Traditional Chinese.

Hui, the coordinator, facilitates on the projector (1920×1080): she prepares the session in
Traditional Chinese, records ten departments present, starts the clock and scores three
questions with the keyboard alone, writes the evidence named in the room, records the planning
bureau's dissent, pauses for a break and resumes. Ming, of the disaster-prevention office,
follows on a tablet (1024×768); his department had answered the first question beforehand, and
its answer sits beside the room's score. Once the session is finished, the city dashboard and
the report show the room's scores and the dissent.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from stocktake.frameworks import MaturityIndicator, get_framework
from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.network.domain import add_city, add_department, create_network
from stocktake_web.workshops.models import Dissent, Session

from .conftest import PASSWORD, SignIn

pytestmark = pytest.mark.e2e

UNDRR = "undrr-scorecard-prelim"
CHINESE = "zh-Hant"
PRESENT = 10
DISSENT = "本局認為尚無預算支持，最多只到起步。"
EVIDENCE = "2025年綜合計畫第三章"


@dataclass
class Gangdu:
    round: Round
    departments: list[str]


@pytest.fixture
def gangdu(transactional_db: None) -> Gangdu:
    """The round as Hui opened it on the scorecard, with the departments named as the framework
    names them; Ming's office answered the first question (level 1) before the workshop."""
    framework = get_framework(UNDRR)
    network = create_network(slug="east-asia", name="East Asia Network")
    city = add_city(
        network=network,
        slug="gangdu",
        name={"en": "Gangdu", CHINESE: "港都市"},
        country="TW",
        population=2_700_000,
        joined=datetime.date(2024, 3, 1),
    )
    departments = {
        dept.id: add_department(city=city, slug=dept.id, name=dict(dept.name))
        for dept in framework.departments
    }
    hui = create_account(username="hui", password=PASSWORD)
    grant_role(user=hui, kind=Role.Kind.COORDINATOR, city=city)
    ming = create_account(username="ming", password=PASSWORD)
    grant_role(user=ming, kind=Role.Kind.RESPONDENT, department=departments["disaster"])
    round = open_round(
        city=city,
        framework=import_framework(framework=framework),
        name="2026",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=hui,
    )
    assign_indicators(round=round, by=hui)
    first = framework.indicators()[0].id
    answer = Answer.objects.get(
        assignment__round=round,
        assignment__indicator=first,
        assignment__department__slug="disaster",
    )
    save_answer(answer=answer, user=ming, base_version=0, content=AnswerContent(value="1"))
    return Gangdu(round=round, departments=list(departments)[:PRESENT])


def _choose_traditional_chinese(page: Page) -> None:
    page.locator("#language-choice").select_option("zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")


def _expect_question(page: Page, number: int) -> MaturityIndicator:
    """The screen shows the question in Chinese with every level's label and descriptor."""
    indicator = get_framework(UNDRR).indicators()[number]
    assert isinstance(indicator, MaturityIndicator)
    expect(page.locator("#question-title")).to_contain_text(indicator.title[CHINESE])
    levels = page.locator(".room-levels li:not(.none)")
    expect(levels).to_have_count(len(indicator.levels))
    for k, level in enumerate(indicator.levels):
        expect(levels.nth(k)).to_contain_text(level.label[CHINESE])
        assert level.descriptor is not None
        expect(levels.nth(k)).to_contain_text(level.descriptor[CHINESE])
        expect(levels.nth(k).locator("kbd")).to_have_text(str(level.value))
    return indicator


def _press(page: Page, key: str) -> None:
    """A key, once the page's script listens for it (a fresh page may still be loading it)."""
    expect(page.locator("#room")).to_have_attribute("data-keys", "ready")
    page.keyboard.press(key)


def _score_with_key(page: Page, key: str, version: int) -> None:
    _press(page, key)
    expect(page.locator(f"input[name=value][value='{key}']")).to_be_checked()
    expect(page.locator("input[name=base_version]")).to_have_value(str(version))
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def _scored(page: Page) -> str | None:
    return page.locator("#session-progress [role=progressbar]").get_attribute("aria-valuenow")


def _fits(page: Page) -> bool:
    """Nothing of the page sticks out sideways: no horizontal scrolling on this screen."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_facilitator_runs_the_undrr_scorecard_as_a_workshop_in_chinese(
    gangdu: Gangdu, sign_in: SignIn
) -> None:
    framework = get_framework(UNDRR)
    hui = sign_in("hui")
    hui.set_viewport_size({"width": 1920, "height": 1080})
    _choose_traditional_chinese(hui)

    # Prepared from the round page, in the room's language.
    hui.goto(f"/rounds/{gangdu.round.pk}/")
    hui.locator("#workshop-link").click()
    hui.locator("#id_title").fill("韌性城市工作坊")
    hui.locator("#id_language").select_option("zh-hant")
    hui.locator("#open-session").click()

    # Ten departments present, two or three people each.
    expect(hui).to_have_url(re.compile(r"/workshops/\d+/attendance/$"))
    for n, slug in enumerate(gangdu.departments):
        hui.locator(f"#id_present-{slug}").check()
        hui.locator(f"#id_people-{slug}").fill(str(2 + n % 2))
    hui.locator("#id_names-disaster").fill("王明、林慧")
    hui.locator("#save-attendance").click()
    session = Session.objects.get(round=gangdu.round)
    expect(hui).to_have_url(re.compile(rf"/workshops/{session.pk}/$"))
    expect(hui.locator("#presence")).to_contain_text("10")
    expect(hui.locator("#presence")).to_contain_text("25")

    # The clock starts; the first question is on the screen in Chinese, with the office's answer.
    hui.locator("#start").click()
    expect(hui.locator("#timer")).to_have_attribute("data-running", "1")
    expect(hui.locator("html")).to_have_attribute("lang", "zh-hant")
    first = _expect_question(hui, 0)
    disaster = next(dept for dept in framework.departments if dept.id == "disaster")
    expect(hui.locator(".given")).to_contain_text(disaster.name[CHINESE])
    expect(hui.locator(".given")).to_contain_text(first.levels[1].label[CHINESE])
    assert _fits(hui)

    # The keyboard: a level's number chooses it and saves; N and the arrows move.
    _score_with_key(hui, "2", 1)
    hui.locator("#id_evidence").fill(EVIDENCE)
    hui.keyboard.press("Escape")
    _press(hui, "n")
    _expect_question(hui, 1)
    _score_with_key(hui, "3", 1)
    _press(hui, "ArrowRight")
    third = _expect_question(hui, 2)
    _score_with_key(hui, "1", 1)
    expect(hui.locator("#session-progress [role=progressbar]")).to_have_attribute(
        "aria-valuenow", "3"
    )

    # The planning bureau dissents on the third question.
    hui.locator("#id_dissent-department").select_option(label=_name(framework, "planning"))
    hui.locator("#id_dissent-view").fill(DISSENT)
    hui.locator("#record-dissent").click()
    expect(hui.locator(".dissent ul")).to_contain_text(DISSENT)

    # Back to the first question: its score and the evidence typed before moving on are kept.
    _press(hui, "p")
    _expect_question(hui, 1)
    expect(hui.locator("input[name=value][value='3']")).to_be_checked()
    _press(hui, "ArrowLeft")
    _expect_question(hui, 0)
    expect(hui.locator("input[name=value][value='2']")).to_be_checked()
    expect(hui.locator("#id_evidence")).to_have_value(EVIDENCE)

    # A break: the clock stops, and stays stopped across a reload.
    hui.locator("#pause").click()
    expect(hui.locator("#session-state")).to_have_class(re.compile(r"\bpaused\b"))
    expect(hui.locator("#timer")).to_have_attribute("data-running", "0")
    stopped = hui.locator("#timer").inner_text()
    hui.wait_for_timeout(1500)
    hui.reload()
    expect(hui.locator("#timer")).to_have_text(stopped)
    hui.locator("#resume").click()
    expect(hui.locator("#timer")).to_have_attribute("data-running", "1")

    # Ming follows on his tablet: the question on the screen, nothing to change.
    ming = sign_in("ming")
    ming.set_viewport_size({"width": 1024, "height": 768})
    ming.goto(f"/workshops/{session.pk}/")
    _expect_question(ming, 0)
    expect(ming.locator("input[name=value][value='2']")).to_be_checked()
    expect(ming.locator("form[data-autosave]")).to_have_count(0)
    expect(ming.locator("#pause")).to_have_count(0)
    assert _fits(ming)

    hui.locator("details.finish summary").click()
    hui.locator("#finish").click()
    expect(hui.locator("#session-state")).to_have_class(re.compile(r"\bfinished\b"))
    expect(hui.locator("form[data-autosave]")).to_have_count(0)
    assert Dissent.objects.filter(session=session).count() == 1

    # The dashboard and the report show the room's scores and the dissent.
    hui.goto("/cities/gangdu/")
    workshop = hui.locator("#workshop")
    expect(workshop).to_contain_text("韌性城市工作坊")
    expect(workshop.locator("#workshop-" + first.id.replace(".", "\\."))).to_contain_text(
        first.levels[2].label[CHINESE]
    )
    expect(workshop).to_contain_text(EVIDENCE)
    expect(workshop).to_contain_text(DISSENT)
    expect(workshop).to_contain_text(third.title[CHINESE])
    hui.goto(f"/rounds/{gangdu.round.pk}/report.html")
    expect(hui.locator("#workshop")).to_contain_text("韌性城市工作坊")
    expect(hui.locator("body")).to_contain_text(DISSENT)
    expect(hui.locator("body")).to_contain_text(first.levels[2].label[CHINESE])


def _name(framework: object, slug: str) -> str:
    departments = get_framework(UNDRR).departments
    return next(dept.name[CHINESE] for dept in departments if dept.id == slug)

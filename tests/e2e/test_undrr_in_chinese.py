"""A Kaohsiung-like department answers the UNDRR scorecard entirely in Traditional Chinese.

Gangdu, a fictional port city of Taiwan, runs the UNDRR preliminary scorecard; Ming answers for
its disaster-prevention office. He switches the interface to Traditional Chinese and answers two
questions; every framework text he meets (questions, descriptions, levels, essentials,
departments, support kinds) is the file's Traditional Chinese, and no English framework text is
left on any page he sees.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from stocktake.frameworks import Framework, MaturityIndicator, get_framework
from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.network.domain import add_city, add_department, create_network
from stocktake_web.network.models import Department

from .conftest import PASSWORD, SignIn

pytestmark = pytest.mark.e2e

UNDRR = "undrr-scorecard-prelim"
CHINESE = "zh-Hant"
DEPARTMENTS = ("disaster", "digital", "public_works")
"""Three of the scorecard's departments; the office of disaster prevention is Ming's."""


@dataclass
class Gangdu:
    round: Round
    disaster: Department
    ming: User


@pytest.fixture
def gangdu(transactional_db: None) -> Gangdu:
    """The round as the coordinator left it: opened on the scorecard, questions routed by the
    framework's suggestions to departments named as the framework names them in Chinese."""
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
    names = {dept.id: dept.name for dept in framework.departments}
    departments = {
        slug: add_department(
            city=city, slug=slug, name={"en": names[slug]["en"], CHINESE: names[slug][CHINESE]}
        )
        for slug in DEPARTMENTS
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
    return Gangdu(round=round, disaster=departments["disaster"], ming=ming)


def _english_texts(framework: Framework) -> set[str]:
    """Every English framework text a page could show, but for the question ids."""
    texts = {framework.title["en"], framework.description["en"]}
    texts |= {dept.name["en"] for dept in framework.departments}
    texts |= {kind.label["en"] for kind in framework.support_kinds}
    texts |= {group.title["en"] for group in framework.groups}
    for indicator in framework.indicators():
        assert isinstance(indicator, MaturityIndicator)
        texts.add(indicator.title["en"])
        for text in (indicator.description, indicator.guidance):
            if text:
                texts.add(text["en"])
        for level in indicator.levels:
            texts.add(level.label["en"])
            if level.descriptor:
                texts.add(level.descriptor["en"])
    return texts


def _assert_no_english_framework_text(page: Page, framework: Framework) -> None:
    """Each English text as a whole word or phrase: "Data" must not match inside "Database"."""
    shown = page.locator("main").inner_text()
    left = sorted(
        text
        for text in _english_texts(framework)
        if re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", shown)
    )
    assert left == [], f"English framework text on {page.url}: {left}"


def _choose_traditional_chinese(page: Page) -> None:
    page.locator("#language-choice").select_option("zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")


def _answer(page: Page, indicator_id: str, level: int) -> None:
    """Open the question from the department's list, check its texts, choose a level."""
    framework = get_framework(UNDRR)
    indicator = framework.indicator(indicator_id)
    assert isinstance(indicator, MaturityIndicator)
    page.get_by_role("link", name=re.compile(re.escape(indicator.title[CHINESE]))).click()

    expect(page.locator("h1")).to_contain_text(indicator.title[CHINESE])
    essential = framework.group_path(indicator_id)[0]
    expect(page.locator("ul.facts")).to_contain_text(essential.title[CHINESE])
    if indicator.description:
        expect(page.locator("main")).to_contain_text(indicator.description[CHINESE])
    levels = page.locator("ul.levels > li")
    for k, scale_level in enumerate(indicator.levels):
        expect(levels.nth(k)).to_contain_text(scale_level.label[CHINESE])
        assert scale_level.descriptor is not None
        expect(levels.nth(k)).to_contain_text(scale_level.descriptor[CHINESE])
    for kind in framework.support_kinds:
        expect(page.locator("main")).to_contain_text(kind.label[CHINESE])
    _assert_no_english_framework_text(page, framework)

    version = page.locator("input[name=base_version]").input_value()
    page.locator(f"input[name=value][value='{level}']").check()
    expect(page.locator("input[name=base_version]")).to_have_value(str(int(version) + 1))
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def test_a_department_answers_the_undrr_scorecard_in_traditional_chinese(
    gangdu: Gangdu, sign_in: SignIn
) -> None:
    framework = get_framework(UNDRR)
    department_page = f"/rounds/{gangdu.round.pk}/departments/disaster/"
    ming = sign_in("ming")
    _choose_traditional_chinese(ming)
    _assert_no_english_framework_text(ming, framework)

    ming.goto(department_page)
    expect(ming.locator("h1")).to_have_text(framework.departments[0].name[CHINESE])
    listed = [ind for ind in framework.indicators() if "disaster" in ind.departments]
    rows = ming.locator("main table tbody tr")
    expect(rows).to_have_count(len(listed))
    for k, indicator in enumerate(listed):
        expect(rows.nth(k)).to_contain_text(indicator.title[CHINESE])
        expect(rows.nth(k)).to_contain_text(framework.group_path(indicator.id)[0].title[CHINESE])
    _assert_no_english_framework_text(ming, framework)

    _answer(ming, "P9.1", level=2)
    ming.goto(department_page)
    _answer(ming, "P1.2", level=1)
    ming.goto(department_page)

    p91 = framework.indicator("P9.1")
    p12 = framework.indicator("P1.2")
    assert isinstance(p91, MaturityIndicator) and isinstance(p12, MaturityIndicator)
    expect(rows.filter(has_text=p91.title[CHINESE])).to_contain_text(p91.levels[2].label[CHINESE])
    expect(rows.filter(has_text=p12.title[CHINESE])).to_contain_text(p12.levels[1].label[CHINESE])
    _assert_no_english_framework_text(ming, framework)
    answers = Answer.objects.filter(
        assignment__round=gangdu.round, assignment__department=gangdu.disaster
    )
    assert dict(
        answers.filter(assignment__indicator__in=["P9.1", "P1.2"]).values_list(
            "assignment__indicator", "value"
        )
    ) == {"P9.1": "2", "P1.2": "1"}

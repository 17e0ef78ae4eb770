"""A Korean coordinator runs a whole round in Korean, whatever the browser's language.

Dalbit City is the demo's Korean city; its coordinator and respondents chose Korean for
themselves (``User.language``), while their browsers ask for English. The coordinator opens the
round, a respondent answers and submits, the coordinator closes answering, reconciles the
disagreement and signs off: every heading, button, message, reason and date on the way is
Korean. (The pilot framework used here has no Korean texts, so its indicator titles stay English.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from stocktake.demo.cast import CAST, DEPARTMENT_NAMES
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Answer, Round, SignOff
from stocktake_web.network.models import City

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e

KOREAN_DATE = re.compile(r"\d{4}(년 \d{1,2}월 \d{1,2}일|\. \d{1,2}\. \d{1,2}\.)")


@pytest.fixture
def dalbit(harbour: Harbour) -> Harbour:
    """The cast's city as the demo names it, its people working in Korean."""
    member = next(member for member in CAST if member.language == "ko")
    City.objects.filter(pk=harbour.city.pk).update(name=member.name, country="KR")
    for department in (harbour.environment, harbour.planning):
        department.name = DEPARTMENT_NAMES[department.slug]
        department.save(update_fields=["name"])
    for person in (harbour.mei, harbour.bo, harbour.pei):
        person.language = "ko"
        person.save(update_fields=["language"])
    return harbour


def _open_round(coordinator: Page) -> Round:
    expect(coordinator.locator("html")).to_have_attribute("lang", "ko")
    expect(coordinator.locator("h1")).to_have_text("내 작업")
    coordinator.get_by_role("link", name="새 평가 회차 열기").click()
    expect(coordinator.locator("h1")).to_have_text("평가 회차 열기")
    coordinator.locator("#id_name").fill("2026 시범")
    coordinator.get_by_role("button", name="평가 회차 열기").click()
    expect(coordinator.locator(".message.success")).to_contain_text("평가 회차가 열렸습니다")
    return Round.objects.get(name="2026 시범")


def _answer_and_submit(respondent: Page, round: Round) -> None:
    expect(respondent.locator("h1")).to_have_text("내 작업")
    respondent.locator(f"a[href='/rounds/{round.pk}/departments/environment/']").first.click()
    expect(respondent.locator("h1")).to_have_text("환경국")
    respondent.get_by_role("link", name=re.compile("Cross-departmental coordination")).click()
    expect(respondent.get_by_text("답변은 작성하는 동안 자동으로 저장됩니다.")).to_be_visible()
    respondent.locator("input[name=value][value='3']").check()
    expect(respondent.locator("input[name=base_version]")).to_have_value("1")
    respondent.locator("textarea[name=evidence]").fill("부서 간 탄소중립 실무단 분기별 회의록.")
    expect(respondent.locator("input[name=base_version]")).to_have_value("2")
    expect(respondent.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(respondent.locator("#save-status")).to_contain_text("저장")
    respondent.locator(f"a[href='/rounds/{round.pk}/departments/environment/']").first.click()
    respondent.get_by_role("button", name="부서 답변 제출").click()
    expect(respondent.locator("form[action$='/submit/']")).to_have_count(0)
    expect(respondent.get_by_text(KOREAN_DATE).first).to_be_visible()


def _reconcile_and_sign_off(coordinator: Page, round: Round) -> None:
    coordinator.goto(f"/rounds/{round.pk}/")
    coordinator.get_by_role("button", name=re.compile("^답변 마감")).click()
    coordinator.get_by_role("button", name=re.compile("^답변 마감")).click()
    disagreement = coordinator.locator("#d-G1")
    expect(disagreement).to_contain_text("조정 필요")
    disagreement.locator("select[name='r-G1-value']").select_option("2")
    disagreement.locator("textarea[name='r-G1-reason']").fill(
        "두 부서의 근거 자료에 주관 부서가 명시되어 있음."
    )
    disagreement.get_by_role("button", name="조정").click()
    expect(coordinator.locator("#d-G1")).to_contain_text("조정된 답변: 2")
    coordinator.get_by_role("button", name=re.compile("^승인…?$")).click()
    coordinator.locator("textarea[name='reason']").fill("나머지 지표는 내년에 평가합니다.")
    coordinator.get_by_role("button", name=re.compile("^승인…?$")).click()


def test_a_korean_coordinator_runs_a_whole_round_in_korean(
    dalbit: Harbour, sign_in: SignIn
) -> None:
    coordinator = sign_in("mei")
    round = _open_round(coordinator)
    _answer_and_submit(sign_in("bo"), round)
    planning = Answer.objects.get(
        assignment__round=round, assignment__indicator="G1", assignment__department__slug="planning"
    )
    save_answer(answer=planning, user=dalbit.pei, base_version=0, content=AnswerContent(value="1"))

    _reconcile_and_sign_off(coordinator, round)

    expect(coordinator).to_have_url(re.compile(rf"/cities/harbour/\?round={round.pk}$"))
    expect(coordinator.locator(".message.success")).to_contain_text(
        "승인되어 결과가 저장되었습니다"
    )
    expect(coordinator.locator("h1")).to_contain_text("달빛시")
    expect(coordinator.get_by_text("대한민국").first).to_be_visible()
    key_areas = coordinator.locator("ol.key-areas > li")
    expect(key_areas.first).to_be_visible()
    expect(coordinator.locator("ol.key-areas")).to_contain_text("코디네이터가 조정했습니다")
    expect(coordinator.locator("ol.key-areas")).not_to_contain_text("Departments")
    assert SignOff.objects.filter(round=round).exists()

"""A respondent reads the CBI and issa-36 in the interface's language: the CBI's stages of
indicators 20 and 22 in Traditional Chinese, Japanese and Korean, and issa-36 in Korean, with no
English level left on the page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stocktake.frameworks import get_framework
from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.models import Answer
from stocktake_web.frameworks.domain import import_framework

from .conftest import Cast

ENGLISH_STAGES = ["Being considered", "Being implemented"]


def _answers(cast: Cast, framework_id: str, indicator_ids: tuple[str, ...]) -> list[Answer]:
    """Bob's department answers these indicators in a new round of Harbour City."""
    framework = import_framework(framework=get_framework(framework_id))
    opened = open_round(
        city=cast.harbour,
        framework=framework,
        name=f"{framework_id} 2027",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=cast.alice,
    )
    assign_indicators(
        round=opened, by=cast.alice, pairs=[(i, cast.environment) for i in indicator_ids]
    )
    return [
        Answer.objects.get(assignment__round=opened, assignment__indicator=i) for i in indicator_ids
    ]


def _page(client: Client, answer: Answer, language: str) -> str:
    with translation.override(language):
        response = client.get(
            reverse("assessments:answer", args=[answer.pk]), HTTP_ACCEPT_LANGUAGE=language
        )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "stages", "consultation", "curriculum"),
    [
        (
            "zh-hant",
            ["考慮中", "規劃中", "實施中", "已實施"],
            "生物多樣性相關事務的公眾諮詢程序",
            "生物多樣性或其要素已納入學校課程。",
        ),
        (
            "ja",
            ["検討中", "計画中", "実施中", "実施済み"],
            "生物多様性に関する事項についての市民意見聴取の手続",
            "生物多様性又はその要素が学校の教育課程に含まれている。",
        ),
        (
            "ko",
            ["검토 중", "계획 중", "시행 중", "시행 완료"],
            "생물다양성 관련 사안에 대한 주민 의견수렴 절차",
            "생물다양성 또는 그 요소가 학교 교육과정에 포함되어 있다.",
        ),
    ],
)
def test_the_cbi_stages_are_read_in_the_interface_language(
    cast: Cast,
    client: Client,
    language: str,
    stages: list[str],
    consultation: str,
    curriculum: str,
) -> None:
    consultation_answer, curriculum_answer = _answers(cast, "cbi-2014", ("CBI-20", "CBI-22"))
    client.force_login(cast.bob)

    first = _page(client, consultation_answer, language)
    second = _page(client, curriculum_answer, language)

    assert consultation in first
    assert all(stage in first and stage in second for stage in stages)
    assert curriculum in second
    assert not any(english in first or english in second for english in ENGLISH_STAGES)


def test_an_issa_indicator_is_read_in_korean(cast: Cast, client: Client) -> None:
    (answer,) = _answers(cast, "issa-36", ("GOV-01",))
    client.force_login(cast.bob)

    page = _page(client, answer, "ko")

    assert "부서 간 통합 조정" in page
    assert "미착수" in page and "예산·모니터링을 갖춘 시행" in page
    assert "Not started" not in page

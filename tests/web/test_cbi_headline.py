"""The CBI's dashboard headline as the CBI is read: points of 92 and of what was attainable, per
component, and coverage against the indicators expected, so that its percentage and its count
say the same thing; an empty round says that nothing is answered yet."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from stocktake.frameworks import get_framework
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.domain import import_framework

from .conftest import Cast

FIRST_APPLICATION = {
    # 16 of the 18 indicators expected on a first application (4–8 need a previous survey):
    # native biodiversity 1–3, 9, 10; ecosystem services 11–14; governance 15–21.
    "CBI-01": "25",  # > 20.0: 4 points
    "CBI-02": "1200",  # 1,001–1,500 ha: 3
    "CBI-03": "30",  # 28–46 species: 2
    "CBI-09": "3",  # 1.4–5.5: 1
    "CBI-10": "15",  # 11.0–20.0, lower is better: 2
    "CBI-11": "50",  # 39.8–64.2: 2
    "CBI-12": "20",  # 19.2–29.0: 2
    "CBI-13": "0.5",  # 0.4–0.6: 2
    "CBI-14": "2",  # 2 visits: 2
    "CBI-15": "1",  # 0.4–2.2: 1
    "CBI-16": "30",  # 22–39: 2
    "CBI-17": "3",
    "CBI-18": "2",  # 2 functions: 2
    "CBI-19": "4",  # 4 agencies: 2
    "CBI-20": "2",
    "CBI-21": "10",  # 7–12: 2
}
"""16 answers worth 34 points, of 64 attainable: native 12 of 20, services 8 of 16, governance
14 of 28."""


@pytest.fixture
def cbi_round(cast: Cast) -> Round:
    framework = import_framework(framework=get_framework("cbi-2014"))
    opened = open_round(
        city=cast.harbour,
        framework=framework,
        name="CBI 2027",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=cast.alice,
    )
    indicators = [ind.id for ind in get_framework("cbi-2014").indicators()]
    assign_indicators(
        round=opened, by=cast.alice, pairs=[(i, cast.environment) for i in indicators]
    )
    return opened


def _answer(cbi_round: Round, values: dict[str, str], cast: Cast) -> None:
    for indicator, value in values.items():
        answer = Answer.objects.get(assignment__round=cbi_round, assignment__indicator=indicator)
        save_answer(
            answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value=value)
        )


def _dashboard(client: Client, cast: Cast, cbi_round: Round, language: str = "en") -> str:
    client.force_login(cast.alice)
    page = client.get(
        reverse("dashboards:city", args=["harbour"]),
        {"round": cbi_round.pk},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page.content.decode())


def test_headline_says_points_of_92_and_of_what_was_attainable(
    cast: Cast, client: Client, cbi_round: Round
) -> None:
    _answer(cbi_round, FIRST_APPLICATION, cast)

    page = _dashboard(client, cast, cbi_round)

    assert "34 of 92 points; 34 of 64 attainable (16 of the 23 indicators scored)." in page
    assert "Native biodiversity in the city: 12 of 40 (12 of 20 attainable)" in page
    assert "8 of 16 (8 of 16 attainable)" in page
    assert "14 of 36 (14 of 28 attainable)" in page
    assert "of 100" not in page


def test_coverage_counts_the_indicators_expected(
    cast: Cast, client: Client, cbi_round: Round
) -> None:
    _answer(cbi_round, FIRST_APPLICATION, cast)

    page = _dashboard(client, cast, cbi_round)

    assert "Coverage: 89% (16 of the 18 indicators expected)." in page
    assert "16 of 23 indicators scored" not in page


def test_an_answered_optional_indicator_is_expected_too(
    cast: Cast, client: Client, cbi_round: Round
) -> None:
    _answer(cbi_round, {**FIRST_APPLICATION, "CBI-04": "2"}, cast)

    page = _dashboard(client, cast, cbi_round)

    assert "Coverage: 89% (17 of the 19 indicators expected)." in page


def test_empty_round_says_nothing_is_answered_yet(
    cast: Cast, client: Client, cbi_round: Round
) -> None:
    page = _dashboard(client, cast, cbi_round)

    assert "Nothing is answered yet in this round, so there are no scores to show." in page
    assert "Nothing is answered yet, so no area for development can be named." in page
    assert "No indicator falls short of its target" not in page
    assert "Coverage:" not in page


def test_completion_says_it_counts_answers(cast: Cast, client: Client, cbi_round: Round) -> None:
    _answer(cbi_round, {"CBI-01": "25"}, cast)

    page = _dashboard(client, cast, cbi_round)

    assert "1 of 23 answers given" in page


def test_headline_in_japanese(cast: Cast, client: Client, cbi_round: Round) -> None:
    _answer(cbi_round, FIRST_APPLICATION, cast)

    page = _dashboard(client, cast, cbi_round, "ja")

    assert "92 点中 34 点。獲得可能な 64 点中 34 点（23 指標のうち 16 指標を採点）。" in page
    assert "カバー率：89%（回答が見込まれる 18 指標のうち 16 指標）。" in page


def test_mean_scored_framework_keeps_its_score_of_100(cast: Cast, client: Client) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"]), {"round": cast.round.pk})

    text = re.sub(r"\s+", " ", page.content.decode())
    assert re.search(r"Overall \d+ of 100\.", text)
    assert "attainable" not in text

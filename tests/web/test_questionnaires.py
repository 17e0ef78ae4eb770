"""Offline questionnaires in the web application: a department's workbook, blank or filled."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stocktake_web.assessments.domain import AnswerContent, save_answer

from .conftest import Cast


def _download(client: Client, cast: Cast, department: str = "environment", **query: str) -> Any:
    url = reverse("exchange:questionnaire", args=[cast.round.pk, department])
    return client.get(url, query)


def _sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(BytesIO(response.content))
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def test_coordinator_downloads_the_department_assigned_indicators_blank(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    response = _download(client, cast)

    assert response.status_code == 200
    assert "questionnaire.xlsx" in response["Content-Disposition"]
    sheets = _sheets(response)
    assigned = sorted(
        cast.round.assignments.filter(department=cast.environment).values_list(
            "indicator", flat=True
        )
    )
    assert sorted(row[0] for row in sheets["answers"][1:]) == assigned
    assert all(row[2] is None for row in sheets["answers"][1:])
    meta = dict((row[0], row[1]) for row in sheets["stocktake"][:4])
    assert meta["round"] == cast.round.pk and meta["department"] == "environment"


def test_filled_download_carries_the_answers_and_their_versions(cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(
        answer=answer,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", evidence="=cmd|' /C calc'!A0"),
    )
    client = Client()
    client.force_login(cast.bob)

    sheets = _sheets(_download(client, cast, filled="1"))

    row = next(row for row in sheets["answers"] if row[0] == "E1")
    assert row[2] == 2
    assert row[6] == "'=cmd|' /C calc'!A0"
    versions = {row[0]: row[1:] for row in sheets["stocktake"][5:]}
    assert versions["E1"] == (answer.pk, 1)


def test_questionnaire_follows_the_interface_language(cast: Cast) -> None:
    client = Client(headers={"accept-language": "zh-hant"})
    client.force_login(cast.alice)
    client.cookies["django_language"] = "zh-hant"

    sheets = _sheets(_download(client, cast))

    assert dict((row[0], row[1]) for row in sheets["stocktake"][:4])["lang"] == "zh-Hant"


def test_respondent_of_another_department_is_refused(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.bea)

    assert _download(client, cast).status_code == 403
    assert _download(client, cast, "planning").status_code == 200


def test_unknown_department_is_not_found(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    assert _download(client, cast, "harbour-master").status_code == 404

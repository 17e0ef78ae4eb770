"""Every page renders for the people it is for, in every interface language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import AnswerContent, save_answer

from .conftest import Cast


def _pages(cast: Cast) -> list[tuple[str, str]]:
    answer = cast.answer("E1")
    return [
        ("alice", reverse("home")),
        ("alice", reverse("dashboards:city", args=["harbour"])),
        ("alice", reverse("assessments:round", args=[cast.round.pk])),
        ("alice", reverse("assessments:open_round", args=["harbour"])),
        ("bob", reverse("home")),
        ("bob", reverse("assessments:department", args=[cast.round.pk, "environment"])),
        ("bob", reverse("assessments:answer", args=[answer.pk])),
        ("sam", reverse("home")),
        ("sam", reverse("dashboards:network", args=["east"])),
        ("sam", reverse("dashboards:cohort", args=["east", cast.cohort.pk])),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hant", "ja"])
def test_every_page_renders_in_every_language(cast: Cast, client: Client, language: str) -> None:
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )
    save_answer(
        answer=cast.answer("G1", cast.planning),
        user=cast.bea,
        base_version=0,
        content=AnswerContent(value="0"),
    )
    for username, url in _pages(cast):
        client.force_login(getattr(cast, username))
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (username, url, response.status_code)

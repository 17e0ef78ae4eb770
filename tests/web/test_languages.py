"""The interface speaks the browser's language until the person picks another; framework text
comes from the framework file in the same language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.languages import bcp47

from .conftest import Cast


@pytest.mark.parametrize(
    ("accept", "heading", "lang"),
    [
        ("zh-TW,zh;q=0.9", "我的工作", "zh-hant"),
        ("ja,en;q=0.5", "あなたの作業", "ja"),
        ("fr", "Your work", "en"),
    ],
)
def test_the_browser_language_is_the_default(
    cast: Cast, client: Client, accept: str, heading: str, lang: str
) -> None:
    client.force_login(cast.alice)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()

    assert f"<h1>{heading}</h1>" in page
    assert f'<html lang="{lang}">' in page


def test_the_switcher_overrides_the_browser_language(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert response.status_code == 302
    assert "あなたの作業" in page


def test_indicator_text_and_levels_come_from_the_framework_in_the_language(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bob)
    url = reverse("assessments:answer", args=[cast.answer("G1").pk])

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert "跨局處協調" in page
    assert "已指定主責單位。" in page
    assert "佐證資料" in page


def test_framework_text_missing_in_a_language_falls_back_to_english(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bob)
    url = reverse("assessments:answer", args=[cast.answer("G1").pk])

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "Cross-departmental coordination" in page
    assert "根拠資料" in page


@pytest.mark.parametrize(
    ("django_code", "tag"), [("zh-hant", "zh-Hant"), ("ja", "ja"), ("pt-br", "pt-BR"), ("en", "en")]
)
def test_django_language_codes_become_framework_tags(django_code: str, tag: str) -> None:
    assert bcp47(django_code) == tag


@pytest.mark.parametrize(
    ("accept", "shown"),
    [("en", "250,000"), ("zh-TW", "250,000"), ("ja", "250,000")],
)
def test_a_population_is_grouped_by_thousands_in_every_language(
    cast: Cast, client: Client, accept: str, shown: str
) -> None:
    """Django's own Traditional Chinese format writes 250000; Taiwan's statistics write 250,000."""
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE=accept)

    assert shown in page.content.decode()

"""The interface speaks the browser's language until the person picks another; framework text
comes from the framework file in the same language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stocktake.frameworks import load_framework
from stocktake_web.dashboards.interfaces.reasons import reason_text as dashboard_reason
from stocktake_web.languages import bcp47
from stocktake_web.results_in_words import catalogue, reason_text

from .conftest import DATA, Cast


@pytest.mark.parametrize(
    ("accept", "heading", "lang"),
    [
        ("zh-TW,zh;q=0.9", "我的工作", "zh-hant"),
        ("ja,en;q=0.5", "あなたの作業", "ja"),
        ("ko-KR,ko;q=0.9", "내 작업", "ko"),
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
    [("en", "250,000"), ("zh-TW", "250,000"), ("ja", "250,000"), ("ko", "250,000")],
)
def test_a_population_is_grouped_by_thousands_in_every_language(
    cast: Cast, client: Client, accept: str, shown: str
) -> None:
    """Django's own Traditional Chinese format writes 250000; Taiwan's statistics write 250,000."""
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE=accept)

    assert shown in page.content.decode()


def test_a_person_s_own_language_goes_before_the_browser_s(cast: Cast, client: Client) -> None:
    """A Korean coordinator on an English-language machine still works in Korean."""
    cast.alice.language = "ko"
    cast.alice.save(update_fields=["language"])
    client.force_login(cast.alice)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()

    assert "<h1>내 작업</h1>" in page
    assert '<html lang="ko">' in page


def test_the_switcher_on_this_browser_goes_before_the_person_s_language(
    cast: Cast, client: Client
) -> None:
    cast.alice.language = "ko"
    cast.alice.save(update_fields=["language"])
    client.force_login(cast.alice)

    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "あなたの作業" in page


@pytest.mark.parametrize("stored", ["", "xx", "ko" * 8])
def test_no_or_an_unknown_own_language_leaves_the_browser_s(
    cast: Cast, client: Client, stored: str
) -> None:
    cast.alice.language = stored
    cast.alice.save(update_fields=["language"])
    client.force_login(cast.alice)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "あなたの作業" in page


def test_signing_in_page_follows_the_browser_for_nobody_signed_in(db: None, client: Client) -> None:
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert '<html lang="ko">' in page
    assert "로그인" in page


@pytest.mark.parametrize("lang", ["ko", "ja", "zh-hant"])
def test_the_pages_and_the_command_say_a_key_area_s_reasons_in_the_same_words(lang: str) -> None:
    """The dashboard's sentences and the ``stocktake`` command's come from one composition and
    one catalogue: Django's translation and the compiled catalogue read without Django agree."""
    framework = load_framework(DATA / "pilot.yaml")
    reasons = [
        {"code": "gap", "params": {"points": 1, "max": 4, "target": 3, "unit": "level"}},
        {"code": "importance", "params": {"importance": 4.5}},
        {"code": "disagreement", "params": {"low": 1, "high": 3, "reconciled": True}},
        {"code": "support", "params": {"asking": 1, "answering": 2, "kinds": {"training": 1}}},
    ]

    with translation.override(lang):
        on_the_page = [dashboard_reason(reason, framework) for reason in reasons]
    in_the_command = [
        reason_text(reason, framework, lang=bcp47(lang), words=catalogue(bcp47(lang)))
        for reason in reasons
    ]

    assert on_the_page == in_the_command
    assert all("Departments" not in sentence for sentence in on_the_page)


def test_a_korean_key_area_reason() -> None:
    reason = {"code": "disagreement", "params": {"low": 1, "high": 3, "reconciled": False}}

    sentence = reason_text(
        reason, load_framework(DATA / "pilot.yaml"), lang="ko", words=catalogue("ko")
    )

    assert sentence == "부서 간 의견이 다릅니다(1부터 3까지). 아직 조정되지 않았습니다."

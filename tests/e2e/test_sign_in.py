"""Signing in, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, Harbour, SignIn

pytestmark = pytest.mark.e2e


def test_sign_in_page_offers_the_form_and_every_language(page: Page) -> None:
    page.goto("/accounts/login/")

    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_be_visible()
    languages = page.locator("#language-choice option")
    expect(languages).to_have_count(4)
    values = [languages.nth(i).get_attribute("value") for i in range(4)]
    assert values == ["en", "zh-hant", "ja", "ko"]


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(
    harbour: Harbour, page: Page
) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("mei")
    page.locator("#id_password").fill(PASSWORD + " but wrong")
    page.locator("main button[type=submit]").click()

    expect(page.locator(".message.error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_a_coordinator_signs_in_and_finds_the_city_they_coordinate(
    harbour: Harbour, sign_in: SignIn
) -> None:
    page = sign_in("mei")

    expect(page.get_by_role("link", name="Harbour City")).to_be_visible()
    expect(page.get_by_role("link", name="Open a new round")).to_be_visible()

"""Onboarding in the browser: the secretariat adds a city and a department and invites the
city's coordinator, who accepts, chooses a password, and invites a respondent; the invitations
are read from the outbox of the in-process server, and nothing is refused by the
Content-Security-Policy on the way."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from stocktake_web.accounts.models import Role, User

from .conftest import Harbour, SignIn, _person

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a long and unusual passphrase 42"


def _invitation_path() -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", mail.outbox[-1].body)
    assert match is not None, mail.outbox[-1].body
    return match.group(1)


def test_a_city_is_added_and_its_coordinator_invited_who_invites_a_respondent(
    harbour: Harbour, sign_in: SignIn, new_page: Callable[[], Page]
) -> None:
    _person("sam", Role.Kind.NETWORK_ADMIN, network=harbour.city.network)  # type: ignore[arg-type]
    page = sign_in("sam")

    page.goto("/networks/east/")
    page.get_by_role("link", name="Manage the network").click()
    page.get_by_role("link", name="Add a city").click()
    page.locator("#id_slug").fill("riverside")
    page.locator("#id_name_en").fill("Riverside")
    page.locator("#id_country").fill("TW")
    page.locator("#id_population").fill("320000")
    page.get_by_role("button", name="Add the city").click()
    expect(page.get_by_role("heading", name="Riverside")).to_be_visible()
    page.locator("#id_slug").fill("environment")
    page.locator("#id_name_en").fill("Environment")
    page.get_by_role("button", name="Add the department").click()
    expect(page.get_by_text("The department is added.")).to_be_visible()
    page.get_by_role("link", name="Invite the city's coordinator").click()
    page.locator("#id_email").fill("rita@example.org")
    page.locator("#id_kind").select_option("coordinator")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The invitation is sent to rita@example.org.")).to_be_visible()

    rita = new_page()
    rita.goto(_invitation_path())
    expect(rita.get_by_text("You are invited as City coordinator of Riverside")).to_be_visible()
    rita.locator("#id_username").fill("rita")
    rita.locator("#id_password").fill(NEW_PASSWORD)
    rita.locator("#id_password_again").fill(NEW_PASSWORD)
    rita.get_by_role("button", name="Create my account and accept").click()
    expect(rita.get_by_text("Welcome: the invitation is accepted.")).to_be_visible()

    rita.goto("/cities/riverside/invitations/")
    expect(rita.locator("#id_kind option")).to_have_count(2)  # viewers and respondents only
    rita.locator("#id_email").fill("ray@example.org")
    rita.locator("#id_kind").select_option("respondent")
    rita.locator("#id_department").select_option(label="Riverside – Environment")
    rita.get_by_role("button", name="Send the invitation").click()
    expect(rita.get_by_text("The invitation is sent to ray@example.org.")).to_be_visible()
    expect(rita.get_by_text("ray@example.org – Department respondent")).to_be_visible()

    assert [message.to for message in mail.outbox] == [["rita@example.org"], ["ray@example.org"]]
    account = User.objects.get(username="rita")
    assert account.email == "rita@example.org"
    assert Role.objects.filter(user=account, kind="coordinator", city__slug="riverside").exists()

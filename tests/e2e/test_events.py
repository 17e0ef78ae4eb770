"""The secretariat records an event in the browser, adds a material, and finds it in the year's
activity, with nothing refused by the Content-Security-Policy on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stocktake_web.accounts.models import Role
from stocktake_web.events.models import Event

from .conftest import Harbour, SignIn, _person

pytestmark = pytest.mark.e2e


def test_secretariat_records_an_event_and_sees_the_year(harbour: Harbour, sign_in: SignIn) -> None:
    _person("sam", Role.Kind.NETWORK_ADMIN, network=harbour.city.network)  # type: ignore[arg-type]
    page = sign_in("sam")

    page.goto("/networks/east/")
    page.get_by_role("link", name="Events: the network's workshops").click()
    page.get_by_role("link", name="Record an event").click()
    page.locator("#id_kind").select_option("webinar")
    page.locator("#id_title").fill("Heat action plans")
    page.locator("#id_start").fill("2026-05-12")
    page.locator("#id_end").fill("2026-05-11")
    page.locator("#id_online").check()
    page.locator("#id_framework").select_option(label="Pilot framework (1.0.0)")
    page.locator("#id_indicators").select_option(["E1"])
    page.get_by_label("Environment").check()
    page.get_by_role("button", name="Record the event").click()
    expect(page.get_by_text("The last day is before the first day.")).to_be_visible()
    page.locator("#id_end").fill("2026-05-12")
    page.get_by_role("button", name="Record the event").click()

    expect(page.get_by_role("heading", name="Heat action plans")).to_be_visible()
    expect(page.get_by_text("Low emission development")).to_be_visible()
    page.locator("#id_title").fill("Recording")
    page.locator("#id_link").fill("https://example.org/recording")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("link", name="Recording")).to_be_visible()

    page.get_by_role("link", name="Events · East Network").click()
    page.get_by_role("link", name="2026").click()
    expect(page.get_by_role("heading", name="Activity in 2026")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Low emission development")
    expect(page.locator("table").nth(1)).to_contain_text("Harbour City")
    event = Event.objects.get()
    assert [(p.city, p.department) for p in event.participants.all()] == [
        (harbour.city, harbour.environment)
    ]

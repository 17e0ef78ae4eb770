"""Dates one way everywhere, in the network's time zone: one date format and one date-time format
per language, and pages that use them (never "7:27 a.m..", never 12/05/2026)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import AnswerContent, save_answer, submit_department
from stocktake_web.assessments.models import DepartmentSubmission

from .conftest import Cast

SUBMITTED = datetime.datetime(2026, 12, 4, 23, 27, tzinfo=datetime.UTC)
"""23:27 on 4 December in UTC is 07:27 on 5 December in Taipei."""

DATE = {
    "en": r"\d{1,2} (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}",
    "zh-hant": r"\d{4}年\d{1,2}月\d{1,2}日",
    "ja": r"\d{4}年\d{1,2}月\d{1,2}日",
}
"""Every date a page shows, in each language; a date-time adds " H:i" (", H:i" in English)."""

FOREIGN = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}/\d{2}/\d{2}|[ap]\.m\.|上午|下午|\.\.")
"""What the pages showed before: slashed dates, 12-hour clocks, a doubled full stop."""


@pytest.fixture
def submitted(cast: Cast) -> Cast:
    cast.network.time_zone = "Asia/Taipei"
    cast.network.save(update_fields=["time_zone"])
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    DepartmentSubmission.objects.update(submitted_at=SUBMITTED)
    return cast


def _page(
    client: Client, cast: Cast, url: str, language: str, *, as_secretariat: bool = False
) -> str:
    client.force_login(cast.sam if as_secretariat else cast.alice)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.sub(r"<[^>]+>", " ", response.content.decode())


@pytest.mark.parametrize("language", ["en", "zh-hant", "ja"])
def test_submission_is_dated_in_the_networks_zone_in_one_format(
    submitted: Cast, client: Client, language: str
) -> None:
    url = reverse("assessments:department", args=[submitted.round.pk, "environment"])

    page = _page(client, submitted, url, language)

    expected = {
        "en": "5 December 2026, 07:27",
        "zh-hant": "2026年12月5日 07:27",
        "ja": "2026年12月5日 07:27",
    }[language]
    assert expected in page
    assert not FOREIGN.search(page), FOREIGN.search(page)


def test_submitted_on_ends_with_one_full_stop(submitted: Cast, client: Client) -> None:
    url = reverse("assessments:department", args=[submitted.round.pk, "environment"])

    page = _page(client, submitted, url, "en")

    assert "Submitted on 5 December 2026, 07:27. The answers" in page


@pytest.mark.parametrize("language", ["en", "zh-hant", "ja"])
def test_every_date_on_the_round_pages_has_the_languages_format(
    submitted: Cast, client: Client, language: str
) -> None:
    urls = [
        reverse("assessments:department", args=[submitted.round.pk, "environment"]),
        reverse("assessments:answer", args=[submitted.answer("E1").pk]),
        reverse("dashboards:city", args=["harbour"]),
    ]
    cohort = reverse("dashboards:cohort", args=["east", submitted.cohort.pk])

    for url in [*urls, cohort]:
        page = _page(client, submitted, url, language, as_secretariat=url == cohort)
        assert re.search(DATE[language], page), url
        assert not FOREIGN.search(page), (url, FOREIGN.search(page))


def test_a_change_of_the_networks_zone_shows_on_the_next_page(
    submitted: Cast, client: Client
) -> None:
    """Signed in under Taipei's zone, the coordinator sees Tokyo's on the page after the change."""
    url = reverse("assessments:department", args=[submitted.round.pk, "environment"])
    assert "5 December 2026, 07:27" in _page(client, submitted, url, "en")

    submitted.network.time_zone = "Asia/Tokyo"
    submitted.network.save(update_fields=["time_zone"])
    after = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "5 December 2026, 08:27" in after
    assert "07:27" not in after


def test_a_person_moved_to_another_network_gets_its_zone_on_the_next_page(
    submitted: Cast, client: Client
) -> None:
    from stocktake_web.accounts.domain import grant_role, revoke_role
    from stocktake_web.network.domain import create_network

    url = reverse("accounts:me")
    client.force_login(submitted.sam)
    client.get(url)
    assert client.session["network_time_zone"] == "Asia/Taipei"
    elsewhere = create_network(slug="west", name="West Network", time_zone="Asia/Manila")
    for role in submitted.sam.roles.all():
        revoke_role(role=role, by=None)
    grant_role(user=submitted.sam, kind="network_admin", network=elsewhere)

    client.get(url)

    assert client.session["network_time_zone"] == "Asia/Manila"


def test_person_of_no_network_keeps_the_sites_zone(cast: Cast) -> None:
    from stocktake_web.accounts.domain import create_account
    from stocktake_web.network.domain.time_zones import time_zone_name_of

    cast.network.time_zone = "Asia/Taipei"
    cast.network.save(update_fields=["time_zone"])

    assert time_zone_name_of(cast.bob) == "Asia/Taipei"  # through the department's city
    assert time_zone_name_of(cast.sam) == "Asia/Taipei"  # the secretariat's network
    assert time_zone_name_of(cast.olga) == "UTC"
    assert time_zone_name_of(create_account(username="nobody", password="x" * 20)) == ""


def test_an_unknown_zone_in_the_session_falls_back_to_the_sites(cast: Cast, client: Client) -> None:
    cast.network.time_zone = "Mars/Olympus_Mons"
    cast.network.save(update_fields=["time_zone"])
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:city", args=["harbour"]))

    assert response.status_code == 200

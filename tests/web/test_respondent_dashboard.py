"""Respondents read their own city's dashboard when their network allows it, and only that."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.network.models import Network

from .conftest import Cast


def _allow(network: Network, allowed: bool) -> None:
    network.respondents_see_city_dashboard = allowed
    network.save(update_fields=["respondents_see_city_dashboard"])


def test_by_default_a_respondent_does_not_read_the_city_dashboard(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bob)
    page = reverse("dashboards:city", args=[cast.harbour.slug])
    assert client.get(page).status_code == 403
    assert f'href="{page}"' not in client.get(reverse("home")).content.decode()


def test_when_allowed_a_respondent_reads_the_dashboard_without_what_stays_closed(
    cast: Cast, client: Client
) -> None:
    _allow(cast.network, True)
    client.force_login(cast.bob)
    page = reverse("dashboards:city", args=[cast.harbour.slug])
    assert page in client.get(reverse("home")).content.decode()

    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    for closed in (
        reverse("assessments:round", args=[cast.round.pk]),
        reverse("dashboards:answers_csv", args=[cast.round.pk]),
        reverse("dashboards:results_xlsx", args=[cast.round.pk]),
        reverse("rankings:city", args=[cast.harbour.slug]),
        reverse("peers:city", args=[cast.harbour.slug]),
        reverse("benchmarking:city", args=[cast.harbour.slug]),
    ):
        assert closed not in html
        assert client.get(closed).status_code in (403, 404)


def test_when_allowed_a_respondent_still_reads_no_other_city(cast: Cast, client: Client) -> None:
    _allow(cast.network, True)
    client.force_login(cast.bob)
    assert client.get(reverse("dashboards:city", args=[cast.hillside.slug])).status_code == 404


@pytest.mark.parametrize("person", ["alice", "vera"])
def test_the_coordinator_and_viewers_keep_their_exports_after_a_respondent_looked(
    cast: Cast, client: Client, person: str
) -> None:
    """The panels are kept for everyone; a respondent's copy without exports is not theirs."""
    _allow(cast.network, True)
    page = reverse("dashboards:city", args=[cast.harbour.slug])
    client.force_login(cast.bob)
    assert client.get(page).status_code == 200
    client.force_login(getattr(cast, person))
    html = client.get(page).content.decode()
    assert reverse("dashboards:answers_csv", args=[cast.round.pk]) in html


def test_the_home_page_offers_no_archived_round_as_the_latest(cast: Cast, client: Client) -> None:
    from stocktake_web.assessments.domain.archive import archive_round

    client.force_login(cast.alice)
    round_page = reverse("assessments:round", args=[cast.round.pk])
    assert round_page in client.get(reverse("home")).content.decode()
    archive_round(round=cast.round, by=cast.alice, reason="Opened by mistake")
    assert round_page not in client.get(reverse("home")).content.decode()

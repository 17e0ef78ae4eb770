"""Dashboards and lists run a fixed number of queries, however many departments, answers or
cities they show: the counts below must not grow when the data does."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
    submit_department,
)
from stocktake_web.network.domain import add_city, add_department

from .conftest import Cast

# Every signed-in page starts with the session, the user, the user's roles and the count of
# unread notifications in its header, and the first page after a network is created also checks
# for demo data (kept afterwards): five queries before the page's own, four on later pages. A
# partial answer to htmx has no header: the session, the user and the roles.
BASE = 5
LATER = BASE - 1
SIGNED_IN = 3


def _answer_everything(cast: Cast) -> None:
    for answer in [cast.answer("G1"), cast.answer("E1"), cast.answer("E2")]:
        value = "draft" if answer.assignment.indicator == "E2" else "3"
        save_answer(
            answer=answer,
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value=value, support=frozenset({"training"}), importance=4),
        )
    save_answer(
        answer=cast.answer("G1", cast.planning),
        user=cast.bea,
        base_version=0,
        content=AnswerContent(value="0"),
    )
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)


def _grow_city(cast: Cast, extra_departments: int) -> None:
    """More departments, each assigned and answering, in Harbour City's round."""
    for n in range(extra_departments):
        department = add_department(city=cast.harbour, slug=f"extra-{n}", name={"en": f"Extra {n}"})
        assign_indicators(
            round=cast.round,
            by=cast.alice,
            pairs=[("G1", department), ("E1", department)],
        )


def _grow_cohort(cast: Cast, extra_cities: int) -> None:
    for n in range(extra_cities):
        city = add_city(
            network=cast.network, slug=f"town-{n}", name={"en": f"Town {n}"}, country="JP"
        )
        department = add_department(city=city, slug="environment", name={"en": "Env"})
        cast.cohort.cities.add(city)
        opened = open_round(
            city=city,
            framework=cast.framework,
            name="2025",
            deadline=datetime.date(2020, 1, 1),
            opened_by=None,
            reason="Runs beside the city's current round",
        )
        assign_indicators(round=opened, by=None, pairs=[("E1", department)])


def _count(client: Client, url: str, django_assert_num_queries: Any, expected: int) -> None:
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


# A first view computes the round's panels; later views read them until the round changes,
# leaving the city, its rounds and the round's change marker; and each view asks whether the
# round ran a workshop session (tests/web/test_workshops_results.py counts one that did).
CITY_DASHBOARD = BASE + 11
CITY_DASHBOARD_KEPT = LATER + 4


@pytest.mark.parametrize("extra", [0, 5])
def test_city_dashboard_queries(
    cast: Cast, client: Client, django_assert_num_queries: Any, extra: int
) -> None:
    _answer_everything(cast)
    _grow_city(cast, extra)
    client.force_login(cast.alice)
    url = reverse("dashboards:city", args=["harbour"])

    _count(client, url, django_assert_num_queries, CITY_DASHBOARD)
    _count(client, url, django_assert_num_queries, CITY_DASHBOARD_KEPT)


# A first view works out the page's rows; later views keep them until a round on the page
# changes, leaving the cohort, the page of cities, their latest rounds and the progress marker.
COHORT_OVERVIEW = BASE + 8
COHORT_OVERVIEW_KEPT = LATER + 5


@pytest.mark.parametrize("extra", [0, 6])
def test_cohort_overview_queries(
    cast: Cast, client: Client, django_assert_num_queries: Any, extra: int
) -> None:
    _answer_everything(cast)
    _grow_cohort(cast, extra)
    client.force_login(cast.sam)
    url = reverse("dashboards:cohort", args=["east", cast.cohort.pk])

    _count(client, url, django_assert_num_queries, COHORT_OVERVIEW)
    _count(client, url, django_assert_num_queries, COHORT_OVERVIEW_KEPT)


@pytest.mark.parametrize("extra", [0, 5])
def test_round_page_queries(
    cast: Cast, client: Client, django_assert_num_queries: Any, extra: int
) -> None:
    _answer_everything(cast)
    _grow_city(cast, extra)
    client.force_login(cast.alice)

    _count(
        client,
        reverse("assessments:round", args=[cast.round.pk]),
        django_assert_num_queries,
        # with the revision requests not settled, for the coordinator; the round's history,
        # its unassigned indicators, the network's time zone, and whether an answer is saved
        # (the training mark may change until then)
        BASE + 16,
    )


def test_department_page_queries(
    cast: Cast, client: Client, django_assert_num_queries: Any
) -> None:
    _answer_everything(cast)
    client.force_login(cast.bob)
    url = reverse("assessments:department", args=[cast.round.pk, "environment"])

    # ... and the department's open revision requests
    _count(client, url, django_assert_num_queries, BASE + 6)


def test_indicator_page_queries(cast: Cast, client: Client, django_assert_num_queries: Any) -> None:
    _answer_everything(cast)
    client.force_login(cast.bob)
    url = reverse("assessments:answer", args=[cast.answer("E1").pk])

    # ... whether a revision request reopens the submitted department's answer, the requests
    # and the comments
    _count(client, url, django_assert_num_queries, BASE + 9)


def test_autosave_queries(cast: Cast, client: Client, django_assert_num_queries: Any) -> None:
    client.force_login(cast.bob)
    client.get(reverse("home"))
    url = reverse("assessments:answer", args=[cast.answer("E1").pk])

    # The answer, then in one transaction the answer again with whether its department
    # submitted, its support, the update and one revision; then the progress.
    with django_assert_num_queries(SIGNED_IN + 8):
        response = client.post(url, {"base_version": "0", "value": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["X-Answer-Version"] == "1"


def test_home_queries(cast: Cast, client: Client, django_assert_num_queries: Any) -> None:
    client.force_login(cast.sam)

    _count(client, reverse("home"), django_assert_num_queries, BASE + 2)

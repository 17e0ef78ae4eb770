"""The demonstration network's screening: labelled, scored by three departments, ranked."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.models import User
from stocktake_web.demo.domain import seed_demo
from stocktake_web.screening.domain.planner import sent_topics
from stocktake_web.screening.domain.results import screening_results
from stocktake_web.screening.models import Screening

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def screening(db: None) -> Screening:
    summary = seed_demo(password="demo-password", n_cities=3, today=TODAY)
    assert summary.screening is not None
    return summary.screening


def test_the_demo_screening_is_labelled_fictional_and_fully_scored(screening: Screening) -> None:
    results = screening_results(screening, method="topsis")

    assert "(fictional)" in screening.title
    assert all("(fictional)" in row.solution.name for row in results.rows)
    assert screening.panel.count() == 3
    assert results.ready and len(results.rows) == 4
    assert results.rows[-1].solution.name == "Smart parking sensors (fictional)"
    assert all(row.key_areas for row in results.rows)


def test_the_demo_screening_is_on_the_secretariats_planner(screening: Screening) -> None:
    cohort = screening.city.cohorts.get()

    topics = sent_topics(cohort)

    assert topics and {topic.city for topic in topics} == {screening.city}


def test_the_demo_coordinator_sees_the_screening(screening: Screening, client: Client) -> None:
    client.force_login(User.objects.get(username=f"{screening.city.slug}-coordinator"))

    response = client.get(reverse("screening:detail", args=[screening.pk]))

    assert response.status_code == 200
    assert "Cool roofs on public schools (fictional)" in response.content.decode()

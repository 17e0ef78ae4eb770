"""A training round in the browser: opened as such, labelled on its pages, absent from the
network's comparisons.

Harbour City and two other cities of a cohort have signed off a round each. Mei (Harbour City's
coordinator) opens a training round for a workshop from the city's dashboard, ticking "Training
round"; its page says at once that it counts in no network result. The exercise is answered at
the top of every scale and signed off, shared as widely as can be; Sam (the secretariat) finds
the cohort's benchmark exactly as it was, and so does Mei on the city's own benchmark.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

import pytest
from playwright.sync_api import Page, expect

from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.network.domain import add_city, add_department, create_cohort
from stocktake_web.network.models import City, Cohort

from .conftest import PASSWORD, Harbour, SignIn

pytestmark = pytest.mark.e2e

BANNER = "Training round — not counted in any network result"
EXERCISE = "Spring workshop exercise"
LEVELS = {
    "harbour": {"G1": "1", "G2": "no", "E1": "1", "E2": "none", "E3": "5"},
    "ferrymoor": {"G1": "2", "G2": "yes", "E1": "3", "E2": "draft", "E3": "20"},
    "lanternfall": {"G1": "3", "G2": "yes", "E1": "2", "E2": "adopted", "E3": "35"},
}
EXTREME = {"G1": "4", "G2": "yes", "E1": "4", "E2": "adopted", "E3": "100"}


def _answered_and_signed_off(round: Round, values: Mapping[str, str], by: User) -> None:
    for answer in Answer.objects.filter(assignment__round=round).select_related("assignment"):
        content = AnswerContent(value=values.get(answer.assignment.indicator, ""))
        save_answer(answer=answer, user=by, base_version=answer.version, content=content)
    start_reconciliation(round=round)
    sign_off(round=round, by=by)
    set_consent(round=round, consent=Round.Consent.PUBLIC_SUMMARY, by=by)


def _signed_off_round(city: City, harbour: Harbour, values: Mapping[str, str]) -> Round:
    opened = open_round(
        city=city,
        framework=harbour.framework,
        name="2025",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
        opened_at=datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC),
    )
    assign_indicators(round=opened, by=harbour.mei)
    _answered_and_signed_off(opened, values, harbour.mei)
    return opened


@pytest.fixture
def cohort(harbour: Harbour) -> Cohort:
    """Harbour City and two more cities, each with a signed-off round; Sam runs the network."""
    network = harbour.city.network
    network.minimum_sign_off_coverage = 0
    network.save(update_fields=["minimum_sign_off_coverage"])
    cities = [harbour.city]
    for slug in ("ferrymoor", "lanternfall"):
        city = add_city(network=network, slug=slug, name={"en": slug.title()}, country="JP")
        add_department(city=city, slug="environment", name={"en": "Environment"})
        add_department(city=city, slug="planning", name={"en": "Planning"})
        cities.append(city)
    for city in cities:
        _signed_off_round(city, harbour, LEVELS[city.slug])
    sam = create_account(username="sam", password=PASSWORD)
    grant_role(user=sam, kind=Role.Kind.NETWORK_ADMIN, network=network)
    return create_cohort(
        network=network,
        name="Community of practice",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
        chair=harbour.city,
        cities=cities,
    )


def _heatmap(page: Page, cohort: Cohort) -> str:
    page.goto(f"/networks/east/cohorts/{cohort.pk}/benchmark/")
    heatmap = page.locator("table.heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(3)
    return heatmap.inner_text()


def _city_benchmark(page: Page) -> str:
    page.goto("/cities/harbour/benchmark/")
    return page.locator("main").inner_text()


def test_a_coordinator_opens_a_training_round_that_stays_out_of_the_benchmark(
    harbour: Harbour, cohort: Cohort, sign_in: SignIn
) -> None:
    sam = sign_in("sam")
    mei = sign_in("mei")
    heatmap_before = _heatmap(sam, cohort)
    benchmark_before = _city_benchmark(mei)

    mei.goto("/cities/harbour/")
    mei.get_by_role("link", name="Open a new round").click()
    mei.locator("#id_name").fill(EXERCISE)
    training = mei.get_by_label("Training round: a workshop exercise or a simulation")
    expect(training).to_have_accessible_description(re.compile("never counts as the city's"))
    training.check()
    mei.get_by_role("button", name="Open the round").click()

    expect(mei.locator(".message.success")).to_contain_text("The round is open")
    expect(mei.locator("#training-banner")).to_contain_text(BANNER)
    expect(mei.locator("h1 .badge.training")).to_have_text("Training")
    exercise = Round.objects.get(name=EXERCISE)
    assert exercise.is_training
    _answered_and_signed_off(exercise, EXTREME, harbour.mei)

    mei.goto(f"/cities/harbour/?round={exercise.pk}")
    expect(mei.locator("#training-banner")).to_be_visible()
    expect(mei.locator("#round-choice option", has_text=EXERCISE)).to_contain_text("Training")
    assert _city_benchmark(mei) == benchmark_before
    heatmap_after = _heatmap(sam, cohort)
    assert heatmap_after == heatmap_before
    expect(sam.get_by_text(EXERCISE)).to_have_count(0)

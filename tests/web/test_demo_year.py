"""The demo's year of network life: two rounds per city, every consent tier, contexts, events."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from stocktake.network import compare_rounds
from stocktake_web.assessments.domain.results import core_answers
from stocktake_web.assessments.models import Round
from stocktake_web.demo.domain import seed_demo
from stocktake_web.demo.domain.events import (
    CAST_SIZE,
    EXTRA_PARTICIPANTS,
    YEAR_OF_EVENTS,
    focus_of_cities,
)
from stocktake_web.events.models import Event
from stocktake_web.network.domain.consent import Audience, shared_rounds
from stocktake_web.network.models import City, Cohort

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def demo(db: None) -> None:
    seed_demo(password="demo-password", n_cities=7, today=TODAY)


def test_most_cities_have_a_signed_off_baseline_and_a_signed_off_second_round(demo: None) -> None:
    signed = Counter(
        Round.objects.counted()
        .filter(state=Round.State.SIGNED_OFF)
        .values_list("city__slug", flat=True)
    )
    later = dict(
        Round.objects.filter(name="2026 self-assessment").values_list("city__slug", "state")
    )

    assert sorted(signed.values()) == [1, 1, 2, 2, 2, 2, 2]
    assert Round.objects.filter(name="2025 baseline self-assessment").count() == 7
    assert Counter(later.values()) == {"signed_off": 5, "reconciling": 1, "open": 1}
    assert Round.objects.filter(state=Round.State.OPEN, deadline__lt=TODAY).exists()
    cohort = Cohort.objects.get()
    assert (cohort.start, cohort.end) == (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))


def test_every_consent_tier_is_chosen_and_a_city_sees_its_cohort_by_them(demo: None) -> None:
    latest = {
        round.city.slug: round.consent
        for round in Round.objects.counted().select_related("city").order_by("opened_at")
    }
    cohort = Cohort.objects.get()
    framework = Round.objects.counted().first().framework  # type: ignore[union-attr]
    seen = shared_rounds(
        cohort=cohort,
        framework=framework,
        audience=Audience.CITY,
        viewer_city=City.objects.get(slug="lanwan"),
    )
    named = {shared.city.slug for shared in seen.named}
    unnamed = {shared.city.slug for shared in seen.rounds if not shared.named}

    assert Counter(latest.values()) == {
        Round.Consent.PUBLIC_SUMMARY: 1,
        Round.Consent.COHORT_NAMED: 4,
        Round.Consent.COHORT_ANONYMOUS: 1,
        Round.Consent.PRIVATE: 1,
    }
    assert named == {"lanwan", "aobaura", "dalbit", "bagong-liwayway", "bituin"}
    assert unnamed == {"kestrel-bay"}
    assert seen.statistics_shown


def test_every_city_has_a_context_in_east_asia_southeast_asia_or_oceania(demo: None) -> None:
    cities = list(City.objects.all())

    assert {city.region for city in cities} == {"East Asia", "Southeast Asia", "Oceania"}
    assert all(city.languages and city.climate and city.economy for city in cities)
    assert all("en" in city.languages for city in cities)
    assert City.objects.get(slug="aobaura").languages == ["ja", "en"]
    assert len({sector for city in cities for sector in city.economy}) >= 8


def test_a_year_of_events_of_every_kind_with_participants_and_topics(demo: None) -> None:
    events = list(Event.objects.prefetch_related("participants").order_by("start"))
    held = [event for event in events if event.start < TODAY]
    months = {(event.start.year, event.start.month) for event in held}

    assert {event.kind for event in events} == set(Event.Kind.values)
    assert len(held) == len(events) - 1
    assert len(months) >= 10
    assert all(TODAY - event.start <= datetime.timedelta(days=365) for event in events)
    assert all(event.participants.all() for event in events)
    assert all(event.framework is not None for event in events if event.indicators)
    assert sum(1 for event in events if event.online) >= 4
    assert all(event.place for event in events if not event.online and event.host_city)
    assert Event.objects.filter(kind=Event.Kind.WORKSHOP, host_city__slug="lanwan").count() == 2


def test_the_second_round_moved_from_the_baseline_most_where_cities_worked_with_peers(
    demo: None,
) -> None:
    focus = focus_of_cities(CAST_SIZE, TODAY)
    slugs = list(City.objects.order_by("pk").values_list("slug", flat=True))
    improved = {True: 0, False: 0}
    verdicts: Counter[str] = Counter()
    for index, slug in enumerate(slugs):
        rounds = list(
            Round.objects.counted()
            .filter(city__slug=slug, state=Round.State.SIGNED_OFF)
            .order_by("opened_at")
        )
        if len(rounds) < 2:
            continue
        framework = rounds[1].framework.load()
        progress = compare_rounds(framework, core_answers(rounds[0]), core_answers(rounds[1]))
        for change in progress.indicators:
            verdicts[change.verdict] += 1
            improved[change.id in focus[index]] += change.verdict == "improved"

    assert verdicts["improved"] > verdicts["declined"] > 0
    assert verdicts["no clear change"] > verdicts["improved"]
    assert improved[True] > 0


def test_a_large_demo_records_the_same_few_participants_per_event() -> None:
    """The load benchmark seeds 1,000 cities: events must not grow with them."""
    focus = focus_of_cities(1000, TODAY)
    worked = [index for index, topics in focus.items() if topics]

    assert len(focus) == 1000
    assert CAST_SIZE <= len(worked) <= CAST_SIZE + EXTRA_PARTICIPANTS * len(YEAR_OF_EVENTS)
    assert focus_of_cities(1, TODAY) == {0: frozenset({"ENV-08", "SOC-08"})}


def test_a_one_city_demo_keeps_only_the_events_its_city_took_part_in(db: None) -> None:
    summary = seed_demo(password="demo-password", n_cities=1, today=TODAY)
    lanwan = City.objects.get()

    assert len(summary.events) == 4
    assert all(
        [participant.city for participant in event.participants.all()] == [lanwan]
        for event in summary.events
    )
    assert {event.host_city for event in summary.events} == {None, lanwan}

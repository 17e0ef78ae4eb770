"""Consent: the rule of who sees which signed-off rounds (``network.domain.consent``), tier by
tier and audience by audience, then every page of the network checked against it.

The cohort (``consent_cohort``) holds five cities of the cast's network, each with a signed-off
round in one tier: Harbour City (ours, named in the cohort), Hillside (private), Ferrymoor
(cohort, anonymous), Lanternfall (cohort, named) and Orchardine (public summary). Harbour City
and Hillside also have an earlier signed-off round, named, which the latest one replaces (and
which gives their progress pages two rounds to compare). Quarrytown is a city of the same
network outside the cohort, with a public round of its own. Lanternfall hosted a workshop on
the greenhouse-gas inventory (E1) that Harbour City and Orchardine attended.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from stocktake.frameworks import load_framework
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    compute_results,
    open_round,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Answer, Round, SignOff
from stocktake_web.events.domain.events import record_event
from stocktake_web.events.models import Event
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, add_department
from stocktake_web.network.domain.consent import (
    COHORT_MINIMUM,
    Audience,
    SharedCohort,
    agrees_to_share,
    cohorts_of_city,
    latest_signed_off,
    public_summary_rounds,
    shared_rounds,
)
from stocktake_web.network.models import City

from .conftest import DATA, Cast

Consent = Round.Consent

# Each city's answers: G1 (both departments), G2 (planning), E1, E2, E3 (environment). E3's
# renewable share differs for every city, so every city's scores differ.
VALUES: dict[str, dict[str, str]] = {
    "harbour": {"G1": "2", "G2": "yes", "E1": "2", "E2": "draft", "E3": "10"},
    "hillside": {"G1": "4", "G2": "yes", "E1": "4", "E2": "adopted", "E3": "35"},
    "ferrymoor": {"G1": "1", "G2": "no", "E1": "3", "E2": "draft", "E3": "20"},
    "lanternfall": {"G1": "3", "G2": "yes", "E1": "1", "E2": "none", "E3": "40"},
    "orchardine": {"G1": "0", "G2": "no", "E1": "2", "E2": "adopted", "E3": "45"},
    "quarrytown": {"G1": "1", "G2": "yes", "E1": "0", "E2": "draft", "E3": "5"},
}
TIERS = {
    "harbour": Consent.COHORT_NAMED,
    "hillside": Consent.PRIVATE,
    "ferrymoor": Consent.COHORT_ANONYMOUS,
    "lanternfall": Consent.COHORT_NAMED,
    "orchardine": Consent.PUBLIC_SUMMARY,
    "quarrytown": Consent.PUBLIC_SUMMARY,
}
NEW_CITIES = {
    "ferrymoor": {"en": "Ferrymoor", "zh-Hant": "渡沼市", "ja": "フェリームーア"},
    "lanternfall": {"en": "Lanternfall", "zh-Hant": "燈落市", "ja": "ランタンフォール"},
    "orchardine": {"en": "Orchardine", "zh-Hant": "果園市", "ja": "オーチャダイン"},
    "quarrytown": {"en": "Quarrytown", "zh-Hant": "石場鎮", "ja": "クオリータウン"},
}
SIGNED_OFF_AT = timezone.make_aware(datetime.datetime(2025, 3, 1, 9, 0))


@dataclass
class ConsentCohort:
    """The cast with five signed-off cohort cities, one or more per tier, and one outsider."""

    cast: Cast
    cities: dict[str, City]
    rounds: dict[str, Round]
    event: Event
    viewer: str = "harbour"
    """The city whose pages a test of the city pages looks at."""

    def names(self, slug: str) -> list[str]:
        """Every way a page could name the city: its names in each language and its slug."""
        return [*self.cities[slug].name.values(), slug]


def new_city(cast: Cast, slug: str, name: Mapping[str, str]) -> City:
    city = add_city(network=cast.network, slug=slug, name=name, country="JP", population=90_000)
    add_department(city=city, slug="environment", name={"en": "Environment"})
    add_department(city=city, slug="planning", name={"en": "Planning"})
    return city


def signed_off_round(
    *,
    city: City,
    framework: FrameworkVersion,
    values: Mapping[str, str],
    consent: str,
    by: User,
    name: str = "2025",
    opened_at: datetime.datetime = SIGNED_OFF_AT,
) -> Round:
    """A round of ``city`` answered with ``values`` by every department assigned, signed off.

    Departments agree (each gives the same value), so nothing needs reconciling.
    """
    opened = open_round(
        city=city,
        framework=framework,
        name=name,
        deadline=opened_at.date() + datetime.timedelta(days=30),
        opened_by=by,
        reason="Runs beside the city's current round",
        opened_at=opened_at,
    )
    assign_indicators(round=opened, by=by)
    answer_round(opened, values, by=by)
    return finish_round(opened, consent=consent, by=by)


def answer_round(round: Round, values: Mapping[str, str], *, by: User) -> None:
    for answer in Answer.objects.filter(assignment__round=round).select_related(
        "assignment__round", "assignment__department"
    ):
        content = AnswerContent(value=values.get(answer.assignment.indicator, ""))
        save_answer(answer=answer, user=by, base_version=answer.version, content=content)


def finish_round(round: Round, *, consent: str, by: User) -> Round:
    start_reconciliation(round=round)
    sign_off(round=round, by=by)
    set_consent(round=round, consent=consent, by=by)
    return Round.objects.with_framework().get(pk=round.pk)


@pytest.fixture
def consent_cohort(cast: Cast) -> ConsentCohort:
    return build_consent_cohort(cast)


def build_consent_cohort(cast: Cast) -> ConsentCohort:
    """The cohort of the module's docstring, on the cast's network and framework."""
    cities = {"harbour": cast.harbour, "hillside": cast.hillside}
    cities |= {slug: new_city(cast, slug, name) for slug, name in NEW_CITIES.items()}
    cast.cohort.cities.add(*(cities[slug] for slug in NEW_CITIES if slug != "quarrytown"))
    rounds = {}
    for slug, existing in (("harbour", cast.round), ("hillside", cast.hill_round)):
        signed_off_round(
            city=cities[slug],
            framework=cast.framework,
            values=VALUES["quarrytown"],
            consent=Consent.COHORT_NAMED,
            by=cast.sam,
            name="2024",
            opened_at=SIGNED_OFF_AT - datetime.timedelta(days=365),
        )
        answer_round(existing, VALUES[slug], by=cast.alice)
        rounds[slug] = finish_round(existing, consent=TIERS[slug], by=cast.alice)
    for slug in NEW_CITIES:
        rounds[slug] = signed_off_round(
            city=cities[slug],
            framework=cast.framework,
            values=VALUES[slug],
            consent=TIERS[slug],
            by=cast.sam,
        )
    workshop = record_event(
        network=cast.network,
        kind="workshop",
        title="Greenhouse-gas inventories",
        start=datetime.date(2025, 2, 10),
        end=datetime.date(2025, 2, 11),
        created_by=cast.sam,
        cohort=cast.cohort,
        host_city=cities["lanternfall"],
        framework=cast.framework,
        indicators=["E1"],
        participants=[(cities["harbour"], None), (cities["orchardine"], None)],
    )
    return ConsentCohort(cast=cast, cities=cities, rounds=rounds, event=workshop)


def as_city(
    cohort: ConsentCohort, viewer: str = "harbour", framework: FrameworkVersion | None = None
) -> SharedCohort:
    cast = cohort.cast
    return shared_rounds(
        cohort=cast.cohort,
        framework=framework or cast.framework,
        audience=Audience.CITY,
        viewer_city=cohort.cities[viewer],
    )


def as_secretariat(
    cohort: ConsentCohort, framework: FrameworkVersion | None = None
) -> SharedCohort:
    cast = cohort.cast
    return shared_rounds(
        cohort=cast.cohort, framework=framework or cast.framework, audience=Audience.SECRETARIAT
    )


def open_later_round(cohort: ConsentCohort, slug: str, *, days: int = 365) -> Round:
    """A round of ``slug`` opened ``days`` after the cohort's rounds, assigned, not answered."""
    cast = cohort.cast
    later = SIGNED_OFF_AT + datetime.timedelta(days=days)
    opened = open_round(
        city=cohort.cities[slug],
        framework=cast.framework,
        name=str(later.year),
        deadline=later.date(),
        opened_by=cast.sam,
        reason="Runs beside the city's current round",
        opened_at=later,
    )
    assign_indicators(round=opened, by=cast.sam)
    return opened


def _seen(shared: SharedCohort) -> dict[str, bool]:
    """City slug -> whether named, for the rounds a SharedCohort holds."""
    return {item.city.slug: item.named for item in shared.rounds}


# -- the rule itself: every tier for every audience -----------------------------------------------


def test_the_secretariat_sees_every_signed_off_round_of_the_cohort_named(
    consent_cohort: ConsentCohort,
) -> None:

    shared = as_secretariat(consent_cohort)

    assert _seen(shared) == {
        "ferrymoor": True,
        "harbour": True,
        "hillside": True,
        "lanternfall": True,
        "orchardine": True,
    }
    assert shared.contributing == 5
    assert shared.statistics_shown
    assert shared.own is None


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (
            "harbour",
            {"harbour": True, "ferrymoor": False, "lanternfall": True, "orchardine": True},
        ),
        (
            "hillside",
            {
                "hillside": True,
                "harbour": True,
                "ferrymoor": False,
                "lanternfall": True,
                "orchardine": True,
            },
        ),
        (
            "ferrymoor",
            {"ferrymoor": True, "harbour": True, "lanternfall": True, "orchardine": True},
        ),
    ],
)
def test_a_city_sees_itself_named_and_others_by_their_tier(
    consent_cohort: ConsentCohort, viewer: str, expected: dict[str, bool]
) -> None:

    shared = as_city(consent_cohort, viewer)

    assert _seen(shared) == expected
    assert "hillside" not in _seen(shared) or viewer == "hillside"
    assert shared.own is not None and shared.own.city.slug == viewer
    assert {item.city.slug for item in shared.named} == {
        slug for slug, named in expected.items() if named
    }


@pytest.mark.parametrize("tier", Consent.values)
def test_each_tier_of_another_city_as_a_city_sees_it(
    consent_cohort: ConsentCohort, tier: str
) -> None:
    cast = consent_cohort.cast
    set_consent(round=consent_cohort.rounds["lanternfall"], consent=tier, by=cast.sam)

    shared = as_city(consent_cohort)

    seen = _seen(shared)
    if tier == Consent.PRIVATE:
        assert "lanternfall" not in seen
    else:
        assert seen["lanternfall"] is (tier != Consent.COHORT_ANONYMOUS)
    assert agrees_to_share(Round.objects.get(pk=consent_cohort.rounds["lanternfall"].pk)) is (
        tier in (Consent.COHORT_NAMED, Consent.PUBLIC_SUMMARY)
    )


@pytest.mark.parametrize("tier", Consent.values)
def test_the_secretariat_and_the_city_itself_see_a_round_whatever_its_tier(
    consent_cohort: ConsentCohort, tier: str
) -> None:
    cast = consent_cohort.cast
    set_consent(round=consent_cohort.rounds["harbour"], consent=tier, by=cast.alice)

    for audience, viewer in ((Audience.SECRETARIAT, None), (Audience.CITY, cast.harbour)):
        shared = shared_rounds(
            cohort=cast.cohort, framework=cast.framework, audience=audience, viewer_city=viewer
        )
        assert _seen(shared)["harbour"] is True


def test_a_city_outside_the_cohort_is_refused(consent_cohort: ConsentCohort) -> None:
    cast = consent_cohort.cast

    with pytest.raises(ValueError, match="quarrytown is not a member"):
        shared_rounds(
            cohort=cast.cohort,
            framework=cast.framework,
            audience=Audience.CITY,
            viewer_city=consent_cohort.cities["quarrytown"],
        )
    with pytest.raises(ValueError, match="needs the city"):
        shared_rounds(cohort=cast.cohort, framework=cast.framework, audience=Audience.CITY)


def test_the_outsider_is_never_in_the_cohort_even_for_the_secretariat(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast

    shared = as_secretariat(consent_cohort)

    assert "quarrytown" not in _seen(shared)
    assert cohorts_of_city(consent_cohort.cities["quarrytown"]) == []
    assert cohorts_of_city(cast.harbour) == [cast.cohort]


def test_statistics_are_hidden_from_a_city_below_three_contributors(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast
    for slug in ("lanternfall", "orchardine"):
        set_consent(round=consent_cohort.rounds[slug], consent=Consent.PRIVATE, by=cast.sam)

    city_sees = as_city(consent_cohort)
    secretariat_sees = as_secretariat(consent_cohort)

    assert city_sees.contributing == COHORT_MINIMUM - 1  # Harbour City and Ferrymoor
    assert not city_sees.statistics_shown
    assert secretariat_sees.statistics_shown


def test_statistics_are_shown_from_exactly_three_contributors(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast
    set_consent(round=consent_cohort.rounds["lanternfall"], consent=Consent.PRIVATE, by=cast.sam)

    city_sees = as_city(consent_cohort)

    assert city_sees.contributing == COHORT_MINIMUM
    assert city_sees.statistics_shown


def test_only_the_latest_signed_off_round_of_each_city_counts(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast
    later = consent_cohort.rounds["lanternfall"].opened_at + datetime.timedelta(days=365)
    newer = signed_off_round(
        city=consent_cohort.cities["lanternfall"],
        framework=cast.framework,
        values=VALUES["orchardine"],
        consent=Consent.PRIVATE,
        by=cast.sam,
        name="2026",
        opened_at=later,
    )

    shared = as_city(consent_cohort)
    everything = as_secretariat(consent_cohort)

    # The newer round is private: the city's earlier named round does not stand in for it.
    assert "lanternfall" not in _seen(shared)
    lantern = [item.round for item in everything.rounds if item.city.slug == "lanternfall"]
    assert lantern == [newer]


def test_a_round_not_signed_off_is_never_counted(consent_cohort: ConsentCohort) -> None:
    cast = consent_cohort.cast
    for slug, state in (("orchardine", None), ("ferrymoor", "reconciling")):
        pending = open_later_round(consent_cohort, slug)
        answer_round(pending, VALUES["hillside"], by=cast.sam)
        set_consent(round=pending, consent=Consent.PUBLIC_SUMMARY, by=cast.sam)
        if state:
            start_reconciliation(round=pending)

    latest = latest_signed_off(consent_cohort.cities.values(), "pilot")
    shared = as_secretariat(consent_cohort)

    assert {latest[city.pk].name for city in consent_cohort.cities.values()} == {"2025"}
    assert {item.round.name for item in shared.rounds} == {"2025"}
    assert {item.round for item in shared.rounds} == {
        consent_cohort.rounds[slug] for slug in TIERS if slug != "quarrytown"
    }


def test_a_city_whose_latest_round_is_on_another_version_is_left_out(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast
    version_two = import_framework(
        framework=load_framework(DATA / "pilot.yaml").model_copy(update={"version": "2.0.0"})
    )
    signed_off_round(
        city=consent_cohort.cities["orchardine"],
        framework=version_two,
        values=VALUES["orchardine"],
        consent=Consent.PUBLIC_SUMMARY,
        by=cast.sam,
        name="2026",
        opened_at=SIGNED_OFF_AT + datetime.timedelta(days=365),
    )

    on_one = as_secretariat(consent_cohort)
    on_two = as_secretariat(consent_cohort, version_two)

    assert "orchardine" not in _seen(on_one)
    assert _seen(on_two) == {"orchardine": True}
    assert not as_city(consent_cohort, framework=version_two).statistics_shown


def test_an_empty_cohort_shares_nothing(cast: Cast) -> None:
    shared = shared_rounds(
        cohort=cast.cohort,
        framework=cast.framework,
        audience=Audience.CITY,
        viewer_city=cast.harbour,
    )

    assert shared.rounds == ()
    assert shared.contributing == 0
    assert shared.own is None
    assert not shared.statistics_shown


def test_the_label_names_only_a_named_round(consent_cohort: ConsentCohort) -> None:
    shared = as_city(consent_cohort)

    labels = {item.label("zh-Hant", "某城市") for item in shared.rounds}

    assert labels == {"Harbour City（中文）", "某城市", "燈落市", "果園市"}


def test_the_public_summary_holds_only_public_signed_off_rounds(
    consent_cohort: ConsentCohort,
) -> None:
    cast = consent_cohort.cast
    pending = open_later_round(consent_cohort, "lanternfall")
    set_consent(round=pending, consent=Consent.PUBLIC_SUMMARY, by=cast.sam)

    published = public_summary_rounds(cast.network)

    assert [round.city.slug for round in published] == ["orchardine", "quarrytown"]
    assert public_summary_rounds(cast.network.__class__.objects.get(slug="elsewhere")) == []


# -- every page and export of the network, against the rule ---------------------------------------
#
# A private round must have no influence at all on what another city sees: the page is rendered,
# the round's answers and stored results are changed, and the page rendered again must be the
# same. The same holds for an anonymous round once fewer than three cities contribute (its only
# use, statistics, is hidden then). Names are looked for in every language and as the slug.

CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


@dataclass(frozen=True)
class NetworkPage:
    """A page or export of the network: its address, and whether it lists cities by name."""

    url: Callable[[ConsentCohort], str]
    names_cities: bool = False
    lists_members: bool = False
    viewers: tuple[str, ...] = ("alice", "charlie")
    """Who of the city users may open it (an event: the cities that hosted or attended it)."""
    """The page names the network's member cities (a filter of events by city): membership is
    not a result, so names there say nothing of any round, and only the values are checked."""


def _city_url(name: str, **kwargs: str) -> Callable[[ConsentCohort], str]:
    return lambda cohort: reverse(name, kwargs={"city": cohort.viewer, **kwargs})


def _cohort_url(name: str, query: str = "", **kwargs: str) -> Callable[[ConsentCohort], str]:
    def url(cohort: ConsentCohort) -> str:
        address = reverse(
            name, kwargs={"network": "east", "cohort": cohort.cast.cohort.pk, **kwargs}
        )
        return address + query

    return url


def _network_url(name: str, **kwargs: object) -> Callable[[ConsentCohort], str]:
    return lambda cohort: reverse(name, kwargs={"network": "east", **kwargs})


CITY_PAGES: dict[str, NetworkPage] = {
    "benchmark": NetworkPage(_city_url("benchmarking:city")),
    "benchmark csv": NetworkPage(_city_url("benchmarking:city_export", format="csv")),
    "benchmark xlsx": NetworkPage(_city_url("benchmarking:city_export", format="xlsx")),
    "cohort index": NetworkPage(_city_url("rankings:city"), names_cities=True),
    "peers": NetworkPage(_city_url("peers:city"), names_cities=True),
    "progress": NetworkPage(_city_url("progress:city")),
    "local stocktake csv": NetworkPage(_city_url("progress:city_csv")),
    "local stocktake xlsx": NetworkPage(_city_url("progress:city_xlsx")),
    "events of the city": NetworkPage(_city_url("events:city")),
    "events of the network": NetworkPage(_network_url("events:list"), lists_members=True),
    "the year's activity": NetworkPage(_network_url("events:year", year=2025)),
    "an event": NetworkPage(
        lambda cohort: reverse("events:detail", args=["east", cohort.event.pk]),
        names_cities=True,
        viewers=("alice",),
    ),
    "public summary": NetworkPage(_network_url("network:public")),
}
SECRETARIAT_PAGES: dict[str, NetworkPage] = {
    "cohort benchmark": NetworkPage(_cohort_url("benchmarking:cohort"), names_cities=True),
    **{
        f"cohort benchmark {table} csv": NetworkPage(
            _cohort_url("benchmarking:cohort_export", f"?table={table}", format="csv")
        )
        for table in ("scores", "heatmap", "statistics", "key-areas", "support")
    },
    "cohort benchmark xlsx": NetworkPage(
        _cohort_url("benchmarking:cohort_export", format="xlsx"), names_cities=True
    ),
    "cohort report": NetworkPage(
        _cohort_url("benchmarking:cohort_report", kind="html"), names_cities=True
    ),
    "cohort index": NetworkPage(_cohort_url("rankings:cohort"), names_cities=True),
    "peer groups": NetworkPage(_cohort_url("peers:groups")),
    "workshop plan": NetworkPage(
        _cohort_url("peers:plan", "?framework=pilot@1.0.0&workshops=2&capacity=3&per_city=1")
    ),
    "progress and events": NetworkPage(_cohort_url("progress:cohort")),
}
VIEWERS = {"alice": "harbour", "charlie": "hillside"}
"""Who looks at the city pages, and their city. Hillside's coordinator sees Harbour City's round
private (the test makes it so) while Hillside's own stays private too."""


def perturb(round: Round) -> None:
    """Change every answer of a signed-off round, and its stored results to match."""
    framework = round.framework.load()
    for answer in Answer.objects.filter(assignment__round=round).exclude(value=""):
        indicator = framework.indicator(answer.assignment.indicator)
        answer.value = _another_value(indicator.type, answer.value)
        answer.save(update_fields=["value"])
    results = compute_results(round)
    SignOff.objects.filter(round=round).update(
        results=results.score.to_dict(),
        priorities=[priority.to_dict() for priority in results.priorities],
    )


def _another_value(kind: str, value: str) -> str:
    if kind == "yes_no":
        return "no" if value == "yes" else "yes"
    if kind == "choice":
        options = ["none", "draft", "adopted"]
        return options[(options.index(value) + 1) % len(options)]
    if kind == "numeric":
        return str(float(value) / 3 + 1.5)
    return str((int(value) + 2) % 5)


def _content(response: Any) -> str:
    """What a page or export shows, as text: an XLSX workbook's cells, sheet by sheet."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        try:
            return "\n".join(
                f"{sheet.title}: {row}"
                for sheet in book
                for row in sheet.iter_rows(values_only=True)
            )
        finally:
            book.close()
    return CSRF_TOKEN.sub(r"\1…", body.decode())


def _seen_by(client: Client, user: User, page: NetworkPage, cohort: ConsentCohort) -> str:
    client.force_login(user)
    cache.clear()
    response = client.get(page.url(cohort))
    assert response.status_code == 200, (page.url(cohort), response.status_code)
    return _content(response)


def _private_for(cohort: ConsentCohort, viewer: str) -> str:
    """The private city whose round the viewer must never see: Hillside, or for Hillside's
    coordinator Harbour City, made private."""
    if viewer == "hillside":
        set_consent(round=cohort.rounds["harbour"], consent=Consent.PRIVATE, by=cohort.cast.alice)
        return "harbour"
    return "hillside"


CITY_CASES = [(page, person) for page in CITY_PAGES for person in CITY_PAGES[page].viewers]
NAMING_CASES = [(page, person) for page, person in CITY_CASES if not CITY_PAGES[page].lists_members]


@pytest.mark.parametrize(("page", "person"), CITY_CASES, ids=[f"{p}-{v}" for p, v in CITY_CASES])
def test_a_private_round_has_no_part_in_what_another_city_sees(
    consent_cohort: ConsentCohort, client: Client, page: str, person: str
) -> None:
    consent_cohort.viewer = VIEWERS[person]
    private = _private_for(consent_cohort, consent_cohort.viewer)
    user = getattr(consent_cohort.cast, person)
    before = _seen_by(client, user, CITY_PAGES[page], consent_cohort)

    perturb(consent_cohort.rounds[private])
    after = _seen_by(client, user, CITY_PAGES[page], consent_cohort)

    assert after == before
    if not CITY_PAGES[page].lists_members:
        for name in consent_cohort.names(private):
            assert name not in before, name


@pytest.mark.parametrize(
    ("page", "person"), NAMING_CASES, ids=[f"{p}-{v}" for p, v in NAMING_CASES]
)
def test_an_anonymous_city_is_never_named_to_another_city(
    consent_cohort: ConsentCohort, client: Client, page: str, person: str
) -> None:
    consent_cohort.viewer = VIEWERS[person]
    user = getattr(consent_cohort.cast, person)

    seen = _seen_by(client, user, CITY_PAGES[page], consent_cohort)

    for name in consent_cohort.names("ferrymoor"):
        assert name not in seen, name


@pytest.mark.parametrize("page", [name for name, p in CITY_PAGES.items() if p.names_cities])
def test_a_named_city_is_named_to_the_other_cities(
    consent_cohort: ConsentCohort, client: Client, page: str
) -> None:
    seen = _seen_by(client, consent_cohort.cast.alice, CITY_PAGES[page], consent_cohort)

    assert "Lanternfall" in seen
    assert "Orchardine" in seen


@pytest.mark.parametrize("page", list(CITY_PAGES))
def test_below_three_contributors_an_anonymous_round_has_no_part_in_what_a_city_sees(
    consent_cohort: ConsentCohort, client: Client, page: str
) -> None:
    cast = consent_cohort.cast
    for slug in ("lanternfall", "orchardine"):
        set_consent(round=consent_cohort.rounds[slug], consent=Consent.PRIVATE, by=cast.sam)
    before = _seen_by(client, cast.alice, CITY_PAGES[page], consent_cohort)

    perturb(consent_cohort.rounds["ferrymoor"])
    after = _seen_by(client, cast.alice, CITY_PAGES[page], consent_cohort)

    assert after == before


@pytest.mark.parametrize("page", [name for name, p in SECRETARIAT_PAGES.items() if p.names_cities])
def test_the_secretariat_sees_every_city_of_the_cohort_named(
    consent_cohort: ConsentCohort, client: Client, page: str
) -> None:
    seen = _seen_by(client, consent_cohort.cast.sam, SECRETARIAT_PAGES[page], consent_cohort)

    for slug in ("harbour", "hillside", "ferrymoor", "lanternfall", "orchardine"):
        assert consent_cohort.cities[slug].name["en"] in seen, slug
    assert "Quarrytown" not in seen


@pytest.mark.parametrize("page", list(SECRETARIAT_PAGES))
def test_secretariat_pages_are_not_found_for_a_city(
    consent_cohort: ConsentCohort, client: Client, page: str
) -> None:
    client.force_login(consent_cohort.cast.alice)

    response = client.get(SECRETARIAT_PAGES[page].url(consent_cohort))

    assert response.status_code == 404


def test_a_private_round_still_counts_for_the_secretariat(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    """The check above is not vacuous: the same change shows on the secretariat's benchmark."""
    page = SECRETARIAT_PAGES["cohort benchmark heatmap csv"]
    before = _seen_by(client, consent_cohort.cast.sam, page, consent_cohort)

    perturb(consent_cohort.rounds["hillside"])

    assert _seen_by(client, consent_cohort.cast.sam, page, consent_cohort) != before


@pytest.mark.parametrize("page", ["benchmark", "benchmark csv", "cohort index"])
def test_a_named_round_does_count_in_what_another_city_sees(
    consent_cohort: ConsentCohort, client: Client, page: str
) -> None:
    """Nor is it vacuous for the cities' pages: a named city's change shows there."""
    before = _seen_by(client, consent_cohort.cast.alice, CITY_PAGES[page], consent_cohort)

    perturb(consent_cohort.rounds["lanternfall"])

    assert _seen_by(client, consent_cohort.cast.alice, CITY_PAGES[page], consent_cohort) != before


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        ("benchmark", "Cohort statistics are shown from 3 cities on"),
        ("cohort index", "The index is not shown: only 2 cities of the cohort share"),
    ],
)
def test_below_three_contributors_a_city_is_told_why_statistics_are_hidden(
    consent_cohort: ConsentCohort, client: Client, page: str, sentence: str
) -> None:
    for slug in ("lanternfall", "orchardine"):
        set_consent(
            round=consent_cohort.rounds[slug], consent=Consent.PRIVATE, by=consent_cohort.cast.sam
        )

    seen = _seen_by(client, consent_cohort.cast.alice, CITY_PAGES[page], consent_cohort)

    assert sentence in " ".join(seen.split())


NOT_RESULTS = {
    "events:new": "the secretariat's form for a new event",
    "events:edit": "the secretariat's form for an event",
    "events:material_new": "adding a material to an event",
    "events:material_file": "an event's material, a file the secretariat attached",
    "events:material_remove": "removing a material",
    "peers:record": "recording a planned workshop (a POST back to the plan)",
    "network:context": "one city's context, for its own users and the secretariat",
}
"""The network's addresses that show no round's results, so are not in the matrix above."""


def test_every_page_of_the_network_is_in_the_consent_matrix(
    consent_cohort: ConsentCohort,
) -> None:
    apps = ("benchmarking", "rankings", "peers", "events", "progress", "network")
    names = {
        f"{app}:{pattern.name}"
        for app in apps
        for pattern in import_module(f"stocktake_web.{app}.urls").urlpatterns
    }
    pages = [*CITY_PAGES.values(), *SECRETARIAT_PAGES.values()]

    covered = {resolve(urlsplit(page.url(consent_cohort)).path).view_name for page in pages}

    assert names - covered == set(NOT_RESULTS)

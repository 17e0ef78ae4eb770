"""The pages of consent: the coordinator's choice of a round's tier, a city's context, and a
network's public summary."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import WorkflowError
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Round
from stocktake_web.audit.interfaces.events import concerning
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.domain.context import (
    ContextError,
    language_tags,
    sector_tags,
    split_tags,
    update_city_context,
)
from stocktake_web.network.models import City, Network

from .conftest import Cast
from .test_concurrency import _together
from .test_consent import (
    SIGNED_OFF_AT,
    VALUES,
    ConsentCohort,
    build_consent_cohort,
    new_city,
    signed_off_round,
)

Consent = Round.Consent


@pytest.fixture
def consent_cohort(cast: Cast) -> ConsentCohort:
    return build_consent_cohort(cast)


def _consent_url(round: Round) -> str:
    return reverse("assessments:consent", args=[round.pk])


def _consent_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CONSENT_CHANGED))


def _text(response: Any) -> str:
    return response.content.decode()


# -- choosing a round's tier ----------------------------------------------------------------------


def test_a_new_round_is_private(cast: Cast) -> None:
    assert cast.round.consent == Consent.PRIVATE


def test_the_coordinator_chooses_a_tier_and_the_audit_log_says_from_what_to_what(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)

    response = client.post(
        _consent_url(cast.round), {"consent": Consent.COHORT_ANONYMOUS}, follow=True
    )

    cast.round.refresh_from_db()
    assert cast.round.consent == Consent.COHORT_ANONYMOUS
    assert response.redirect_chain[-1][0].endswith(
        reverse("assessments:round", args=[cast.round.pk]) + "#consent"
    )
    assert "now shared as follows: Cohort, anonymous" in _text(response)
    [event] = _consent_events()
    assert event.actor == cast.alice
    assert event.network_id == cast.network.pk
    assert event.details["before"] == "private"
    assert event.details["after"] == "cohort_anonymous"
    assert event.details["round_id"] == cast.round.pk
    assert concerning(event) == (
        "Harbour City, round “2025”: from “Private: our users and the secretariat” to "
        "“Cohort, anonymous: counted in cohort statistics, never named”"
    )


def test_choosing_the_same_tier_twice_records_one_change(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    for _click in range(2):
        client.post(_consent_url(cast.round), {"consent": Consent.COHORT_NAMED})

    assert [event.details["after"] for event in _consent_events()] == ["cohort_named"]
    assert not set_consent(round=cast.round, consent=Consent.COHORT_NAMED, by=cast.alice)


def test_the_tier_changes_after_sign_off_too(consent_cohort: ConsentCohort) -> None:
    signed = consent_cohort.rounds["orchardine"]
    assert signed.is_signed_off

    changed = set_consent(round=signed, consent=Consent.PRIVATE, by=consent_cohort.cast.sam)

    signed.refresh_from_db()
    assert changed
    assert signed.consent == Consent.PRIVATE


@pytest.mark.postgres
def test_ten_simultaneous_choices_of_one_tier_record_one_change(
    transactional_db: None, cast: Cast
) -> None:
    results = _together(
        lambda n: set_consent(
            round=Round.objects.get(pk=cast.round.pk), consent=Consent.COHORT_NAMED, by=cast.alice
        )
    )

    assert sorted(results, key=str) == [False] * 9 + [True]
    assert [event.details["before"] for event in _consent_events()] == ["private"]


@pytest.mark.postgres
def test_ten_simultaneous_choices_of_different_tiers_log_an_unbroken_chain(
    transactional_db: None, cast: Cast
) -> None:
    """Each change's "from" is the tier the one before it left, whatever order they ran in."""
    tiers = Consent.values

    _together(
        lambda n: set_consent(
            round=Round.objects.get(pk=cast.round.pk), consent=tiers[n % 4], by=cast.alice
        )
    )

    chain = [(e.details["before"], e.details["after"]) for e in _consent_events()][::-1]
    assert chain[0][0] == "private"
    assert all(earlier[1] == later[0] for earlier, later in itertools.pairwise(chain))
    assert Round.objects.get(pk=cast.round.pk).consent == chain[-1][1]


def test_the_domain_reads_the_tier_it_replaces_from_the_row(cast: Cast) -> None:
    """A round object loaded before someone else's change still logs the tier really replaced."""
    stale = Round.objects.get(pk=cast.round.pk)
    set_consent(round=cast.round, consent=Consent.COHORT_NAMED, by=cast.alice)

    set_consent(round=stale, consent=Consent.PUBLIC_SUMMARY, by=cast.alice)

    assert [(e.details["before"], e.details["after"]) for e in _consent_events()][::-1] == [
        ("private", "cohort_named"),
        ("cohort_named", "public_summary"),
    ]


@pytest.mark.parametrize("value", ["", "everyone", "PRIVATE", "x" * 10_000, "private\x00"])
def test_an_unknown_tier_is_refused_with_a_sentence_and_changes_nothing(
    cast: Cast, client: Client, value: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(_consent_url(cast.round), {"consent": value}, follow=True)

    cast.round.refresh_from_db()
    assert response.status_code == 200
    assert "Choose one of the ways of sharing the round&#x27;s results." in _text(response)
    assert cast.round.consent == Consent.PRIVATE
    assert _consent_events() == []
    with pytest.raises(WorkflowError):
        set_consent(round=cast.round, consent=value, by=cast.alice)


@pytest.mark.parametrize(
    ("person", "status"),
    [("bob", 403), ("vera", 403), ("sam", 403), ("charlie", 404), ("olga", 404)],
)
def test_only_the_coordinator_chooses_the_tier(
    cast: Cast, client: Client, person: str, status: int
) -> None:
    client.force_login(getattr(cast, person))

    response = client.post(_consent_url(cast.round), {"consent": Consent.PUBLIC_SUMMARY})

    cast.round.refresh_from_db()
    assert response.status_code == status
    assert cast.round.consent == Consent.PRIVATE


def test_the_tier_is_not_chosen_with_a_get_nor_without_signing_in(
    cast: Cast, client: Client
) -> None:
    assert client.post(_consent_url(cast.round), {"consent": "cohort_named"}).status_code == 302
    client.force_login(cast.alice)
    assert client.get(_consent_url(cast.round), {"consent": "cohort_named"}).status_code == 405
    cast.round.refresh_from_db()
    assert cast.round.consent == Consent.PRIVATE


def test_the_round_page_says_the_tier_in_plain_words_and_offers_the_form_to_the_coordinator(
    cast: Cast, client: Client
) -> None:
    url = reverse("assessments:round", args=[cast.round.pk])
    client.force_login(cast.alice)

    coordinator = _text(client.get(url))
    client.force_login(cast.vera)
    viewer = _text(client.get(url))

    for page in (coordinator, viewer):
        assert "Private: our users and the secretariat" in page
        assert "Other cities see nothing of this round" in page
    assert f'action="{_consent_url(cast.round)}"' in coordinator
    assert 'value="private" id="id_consent_0" required checked' in coordinator
    assert "never see this city's name" in coordinator  # every tier's meaning, in the form
    assert _consent_url(cast.round) not in viewer


def test_the_city_dashboard_says_the_rounds_tier(cast: Cast, client: Client) -> None:
    set_consent(round=cast.round, consent=Consent.PUBLIC_SUMMARY, by=cast.alice)
    client.force_login(cast.vera)

    page = _text(client.get(reverse("dashboards:city", args=["harbour"])))

    assert "Public summary: named in the cohort, a summary for anyone" in page
    assert "on the network's public page" in page
    assert "Change how results are shared" not in page


def test_the_tier_speaks_the_readers_language(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    page = _text(
        client.get(reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE="ja")
    )

    assert "Private: our users" not in page
    assert "Change how results are shared" not in page


# -- a city's context -----------------------------------------------------------------------------


def _context_url(slug: str = "harbour") -> str:
    return reverse("network:context", args=[slug])


FULL_CONTEXT = {
    "kind": "city",
    "population": "2750000",
    "region": "  East   Asia ",
    "climate": "humid subtropical",
    "languages": "zh-hant, EN，ja、ko",
    "economy": "port, Manufacturing, tourism, manufacturing",
}


@pytest.mark.parametrize("person", ["alice", "sam"])
def test_the_coordinator_and_the_secretariat_keep_the_context(
    cast: Cast, client: Client, person: str
) -> None:
    client.force_login(getattr(cast, person))

    response = client.post(_context_url(), FULL_CONTEXT, follow=True)

    city = City.objects.get(pk=cast.harbour.pk)
    assert response.redirect_chain == [(_context_url(), 302)]
    assert "The city&#x27;s context is saved." in _text(response)
    assert city.languages == ["zh-Hant", "en", "ja", "ko"]
    assert city.economy == ["port", "Manufacturing", "tourism"]
    assert (city.region, city.climate, city.population) == (
        "East Asia",
        "humid subtropical",
        2_750_000,
    )
    assert 'value="zh-Hant, en, ja, ko"' in _text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages", "english", "These are not language tags: english."),
        ("languages", "en, 日本語", "These are not language tags: 日本語."),
        ("languages", "zh-Hant-TW-x", "These are not language tags: zh-Hant-TW-x."),
        ("languages", ", ".join(f"a{chr(97 + n)}" for n in range(13)), "List at most 12; 13"),
        ("economy", ", ".join(f"sector {n}" for n in range(13)), "List at most 12; 13"),
        ("economy", "a" * 41, "A sector may have at most 40 characters"),
        ("economy", "x" * 100_000, "Ensure this value has at most 504 characters"),
        ("region", "r" * 65, "Ensure this value has at most 64 characters"),
        ("population", "0", "Ensure this value is greater than or equal to 1."),
        ("population", "9" * 40, "Ensure this value is less than or equal to 2147483647."),
        ("population", "many", "Enter a whole number."),
        ("kind", "village", "Select a valid choice."),
    ],
)
def test_bad_context_is_refused_with_a_sentence_and_nothing_is_saved(
    cast: Cast, client: Client, field: str, value: str, message: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(_context_url(), {**FULL_CONTEXT, field: value})

    city = City.objects.get(pk=cast.harbour.pk)
    assert response.status_code == 200
    assert message in _text(response)
    assert city.languages == [] and city.economy == [] and city.region == ""


def test_an_empty_context_is_stored_as_unknown(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    client.post(_context_url(), FULL_CONTEXT)

    client.post(_context_url(), {"kind": "town"})

    city = City.objects.get(pk=cast.harbour.pk)
    assert (city.kind, city.population, city.languages, city.economy) == ("town", None, [], [])


@pytest.mark.parametrize(
    ("person", "get", "post"),
    [
        ("vera", 200, 403),
        ("bob", 403, 403),
        ("charlie", 404, 404),
        ("olga", 404, 404),
    ],
)
def test_others_read_the_context_at_most(
    cast: Cast, client: Client, person: str, get: int, post: int
) -> None:
    client.force_login(getattr(cast, person))

    read = client.get(_context_url())
    written = client.post(_context_url(), FULL_CONTEXT)

    assert (read.status_code, written.status_code) == (get, post)
    assert City.objects.get(pk=cast.harbour.pk).languages == []
    if get == 200:
        assert "<form" not in _text(read).split("<main>")[1].split("</main>")[0]
    assert client.get(_context_url("nowhere")).status_code == 404


def test_the_dashboard_shows_the_context_and_links_to_it(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    client.post(_context_url(), FULL_CONTEXT)

    page = _text(client.get(reverse("dashboards:city", args=["harbour"])))

    assert "Working languages: zh-Hant, en, ja, ko" in page
    assert "Main sectors: port, Manufacturing, tourism" in page
    assert "Region: East Asia" in page
    assert f'href="{_context_url()}"' in page


def test_the_tag_rules_on_their_own() -> None:
    assert split_tags(" en ,, ja\nko；zh-Hant ") == ["en", "ja", "ko", "zh-Hant"]
    assert language_tags(["ZH-hant", "zh-Hant", "pt-br", "es-419", "fil"]) == [
        "zh-Hant",
        "pt-BR",
        "es-419",
        "fil",
    ]
    assert sector_tags(["  green   building ", "Green Building"]) == ["green building"]
    assert language_tags([]) == [] and sector_tags([]) == []
    with pytest.raises(ContextError, match="plain text"):
        sector_tags(["port\x07"])
    with pytest.raises(ContextError, match="not language tags"):
        language_tags(["e"])


def test_the_domain_refuses_what_the_form_would(cast: Cast) -> None:
    arguments: dict[str, Any] = {
        "city": cast.harbour,
        "kind": "city",
        "population": None,
        "region": "",
        "climate": "",
        "languages": [],
        "economy": [],
    }
    for wrong, match in (
        ({"kind": "village"}, "kind of member"),
        ({"population": 0}, "above zero"),
        ({"climate": "c" * 65}, "at most 64"),
        ({"languages": ["klingon language"]}, "not language tags"),
    ):
        with pytest.raises(ContextError, match=match):
            update_city_context(**{**arguments, **wrong})
    assert City.objects.get(pk=cast.harbour.pk).climate == ""


# -- the public summary ---------------------------------------------------------------------------


def _public(client: Client, slug: str = "east") -> Any:
    return client.get(reverse("network:public", args=[slug]))


def test_the_public_summary_is_open_to_anyone_and_lists_only_public_rounds(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    response = _public(client)

    page = _text(response)
    assert response.status_code == 200
    for slug in ("orchardine", "quarrytown"):
        assert consent_cohort.cities[slug].name["en"] in page
    for slug in ("harbour", "hillside", "ferrymoor", "lanternfall"):
        for name in consent_cohort.names(slug):
            assert name not in page, name
    assert "Pilot framework" in page and "pilot@1.0.0" in page
    assert "Governance" in page and "Environment" in page


def test_the_public_summary_shows_the_stored_scores(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    stored = consent_cohort.rounds["orchardine"].sign_off.results

    page = _text(_public(client))

    row = re.search(r"<tr>\s*<td>Orchardine</td>.*?</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    dimensions = [stored["groups"][key]["score"] for key in stored["dimensions"]]
    assert cells == [
        "Orchardine",
        "2025",
        f"{stored['total']['score']:.0f}",
        f"{100 * stored['total']['coverage']:.0f}% of the indicators expected",
        *[f"{score:.0f}" for score in dimensions],
    ]


def test_a_round_made_private_leaves_the_public_summary(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    set_consent(
        round=consent_cohort.rounds["orchardine"],
        consent=Consent.COHORT_NAMED,
        by=consent_cohort.cast.sam,
    )

    page = _text(_public(client))

    assert "Orchardine" not in page
    assert "Quarrytown" in page


def test_a_network_with_nothing_public_says_so_and_an_unknown_one_is_not_found(
    cast: Cast, client: Client
) -> None:
    page = _text(_public(client, "elsewhere"))

    assert "No city of this network has published a summary of its results yet." in page
    assert _public(client, "nowhere").status_code == 404
    assert client.post(reverse("network:public", args=["east"])).status_code == 405


def test_the_public_summary_of_demo_data_carries_the_banner(cast: Cast, client: Client) -> None:
    Network.objects.filter(pk=cast.network.pk).update(is_demo=True)

    page = _text(_public(client))

    assert "Demonstration data: every city, person and answer on this site is fictional." in page


def test_the_public_summary_speaks_the_readers_language(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    page = _text(
        client.get(reverse("network:public", args=["east"]), HTTP_ACCEPT_LANGUAGE="zh-hant")
    )

    assert "果園市" in page and "Orchardine" not in page
    assert "試行框架" in page


def test_the_public_summarys_queries_do_not_grow_with_its_rounds(
    consent_cohort: ConsentCohort, client: Client, django_assert_max_num_queries: Any
) -> None:
    cast = consent_cohort.cast
    _public(client)  # the demo state and the framework's definition are read once, then kept
    for n in range(4):
        city = new_city(cast, f"extra-{n}", {"en": f"Extra {n}"})
        signed_off_round(
            city=city,
            framework=cast.framework,
            values=VALUES["orchardine"],
            consent=Consent.PUBLIC_SUMMARY,
            by=cast.sam,
            opened_at=SIGNED_OFF_AT,
        )

    with django_assert_max_num_queries(2):
        page = _text(_public(client))

    assert page.count("<td>2025</td>") == 6


def test_the_secretariat_finds_the_public_summary_from_the_networks_page(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam)

    page = _text(client.get(reverse("dashboards:network", args=["east"])))

    assert f'href="{reverse("network:public", args=["east"])}"' in page

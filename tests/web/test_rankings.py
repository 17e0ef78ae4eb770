"""The cohort composite index: ranks and rank intervals from the cities' signed-off rounds, the
plain-words sentence in each language, consent, and the pages' answers to awkward requests.

The cohort (``ranked``) holds six cities of the cast's network, each with a signed-off round on
the pilot framework: Harbour City (ours) and the others named in the cohort, except Hillside
(private) and Ferrymoor (cohort, anonymous). Kelpmouth and Tidewick answered exactly alike (a
tie); Mistvale left the whole environment theme blank (an empty pillar).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.composite import build, parse_spec
from stocktake.frameworks import Framework, get_framework, load_framework
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.domain.batches import AnswerEdit, save_answers
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, add_department
from stocktake_web.network.domain.consent import Audience
from stocktake_web.network.models import City
from stocktake_web.rankings.domain import SPEC, CohortIndex, Hidden, cohort_index, index_data
from stocktake_web.rankings.domain.index import rank_points
from stocktake_web.rankings.interfaces.words import own_rank_sentence

from .conftest import DATA, Cast

Consent = Round.Consent

# G1 (both departments), G2 (planning), E1, E2, E3 (environment).
VALUES: dict[str, dict[str, str]] = {
    "harbour": {"G1": "2", "G2": "yes", "E1": "2", "E2": "draft", "E3": "10"},
    "hillside": {"G1": "4", "G2": "yes", "E1": "4", "E2": "adopted", "E3": "50"},
    "ferrymoor": {"G1": "1", "G2": "no", "E1": "3", "E2": "draft", "E3": "20"},
    "kelpmouth": {"G1": "3", "G2": "yes", "E1": "3", "E2": "adopted", "E3": "40"},
    "tidewick": {"G1": "3", "G2": "yes", "E1": "3", "E2": "adopted", "E3": "40"},
    "mistvale": {"G1": "4", "G2": "no"},
}
TIERS = {
    "harbour": Consent.COHORT_NAMED,
    "hillside": Consent.PRIVATE,
    "ferrymoor": Consent.COHORT_ANONYMOUS,
    "kelpmouth": Consent.COHORT_NAMED,
    "tidewick": Consent.PUBLIC_SUMMARY,
    "mistvale": Consent.COHORT_NAMED,
}
NAMES = {
    "ferrymoor": {"en": "Ferrymoor", "zh-Hant": "渡沼市", "ja": "フェリームーア"},
    "kelpmouth": {"en": "Kelpmouth", "zh-Hant": "海藻口市", "ja": "ケルプマウス"},
    "tidewick": {"en": "Tidewick", "zh-Hant": "潮村", "ja": "タイドウィック"},
    "mistvale": {"en": "Mistvale", "zh-Hant": "霧谷市", "ja": "ミストベール"},
}
OPENED = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Ranked:
    cast: Cast
    cities: dict[str, City]
    rounds: dict[str, Round]


def _city(cast: Cast, slug: str, name: Mapping[str, str]) -> City:
    city = add_city(network=cast.network, slug=slug, name=name, country="JP")
    add_department(city=city, slug="environment", name={"en": "Environment"})
    add_department(city=city, slug="planning", name={"en": "Planning"})
    return city


def _signed_off(
    city: City, framework: FrameworkVersion, values: Mapping[str, str], *, by: User, consent: str
) -> Round:
    """A round answered alike by every department assigned, signed off, shared as ``consent``."""
    opened = open_round(
        city=city,
        framework=framework,
        name=f"2025 {framework.framework_id}",
        deadline=OPENED.date() + datetime.timedelta(days=30),
        opened_by=by,
        reason="Runs beside the city's current round",
        opened_at=OPENED,
    )
    assign_indicators(round=opened, by=by)
    _answer(opened, values, by=by)
    return _finish(opened, consent=consent, by=by)


def _answer(round: Round, values: Mapping[str, str], *, by: User) -> None:
    rows = Answer.objects.filter(assignment__round=round).select_related("assignment")
    edits = [
        AnswerEdit(row, row.version, AnswerContent(value=values[row.assignment.indicator]))
        for row in rows
        if row.assignment.indicator in values
    ]
    save_answers(user=by, edits=edits)


def _finish(round: Round, *, consent: str, by: User) -> Round:
    start_reconciliation(round=round)
    sign_off(round=round, by=by)
    set_consent(round=round, consent=consent, by=by)
    return Round.objects.with_framework().get(pk=round.pk)


@pytest.fixture
def ranked(cast: Cast) -> Ranked:
    cities = {"harbour": cast.harbour, "hillside": cast.hillside}
    cities |= {slug: _city(cast, slug, name) for slug, name in NAMES.items()}
    cast.cohort.cities.add(*(cities[slug] for slug in NAMES))
    rounds = {}
    for slug, existing in (("harbour", cast.round), ("hillside", cast.hill_round)):
        _answer(existing, VALUES[slug], by=cast.alice)
        rounds[slug] = _finish(existing, consent=TIERS[slug], by=cast.alice)
    for slug in NAMES:
        rounds[slug] = _signed_off(
            cities[slug], cast.framework, VALUES[slug], by=cast.sam, consent=TIERS[slug]
        )
    return Ranked(cast=cast, cities=cities, rounds=rounds)


def _index(ranked: Ranked, audience: Audience = Audience.SECRETARIAT) -> CohortIndex:
    viewer = ranked.cast.harbour if audience is Audience.CITY else None
    return cohort_index(
        cohort=ranked.cast.cohort,
        framework=ranked.cast.framework,
        audience=audience,
        viewer_city=viewer,
    )


def _places(index: CohortIndex) -> dict[str, tuple[int | None, int | None, int | None]]:
    return {p.shared.city.slug: (p.rank, p.low, p.high) for p in index.ranks}


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# -- the index ------------------------------------------------------------------------------------


def test_each_interval_holds_the_rank_of_the_nominal_build(ranked: Ranked) -> None:
    index = _index(ranked)
    round_ids = [place.shared.round.pk for place in index.ranks]
    built = build(
        index_data(framework=ranked.cast.framework, round_ids=round_ids), parse_spec(dict(SPEC))
    )
    nominal = built.ranks["pilot"]

    assert index.ranked == 6
    for place in index.ranks:
        assert place.rank is not None and place.low is not None and place.high is not None
        assert place.rank == nominal[str(place.shared.round.pk)]
        assert place.low <= place.rank <= place.high


def test_the_best_city_everywhere_keeps_rank_one(ranked: Ranked) -> None:
    index = _index(ranked)

    assert index.ranks[0].shared.city.slug == "hillside"
    assert _places(index)["hillside"] == (1, 1, 1)
    assert index.ranks[0].steady


def test_a_city_with_an_empty_theme_is_ranked_on_the_theme_it_answered(ranked: Ranked) -> None:
    mistvale = next(p for p in _index(ranked).ranks if p.shared.city.slug == "mistvale")

    # G1 at 4 of 4 and G2 "no" (0 of 1): governance 50, environment left out, not counted as 0.
    assert mistvale.score == pytest.approx(50.0)
    assert mistvale.rank is not None


def test_tied_cities_share_the_better_rank_and_the_same_interval(ranked: Ranked) -> None:
    places = _places(_index(ranked))

    assert places["kelpmouth"] == places["tidewick"]
    assert places["kelpmouth"][0] == 2


def test_the_same_rounds_give_the_same_index_from_the_cache(
    ranked: Ranked, django_assert_max_num_queries: object
) -> None:
    first = _places(_index(ranked))

    with django_assert_max_num_queries(6):  # type: ignore[operator]
        again = _places(_index(ranked))

    assert again == first


def test_a_new_sign_off_is_ranked_at_once(ranked: Ranked) -> None:
    before = _index(ranked)
    city = _city(ranked.cast, "brinegate", {"en": "Brinegate"})
    ranked.cast.cohort.cities.add(city)
    best = {"G1": "4", "G2": "yes", "E1": "4", "E2": "adopted", "E3": "50"}
    _signed_off(city, ranked.cast.framework, best, by=ranked.cast.sam, consent=Consent.PRIVATE)

    after = _index(ranked)

    assert after.ranked == before.ranked + 1
    assert _places(after)["brinegate"][0] == 1


# -- what is hidden, and why ----------------------------------------------------------------------


def test_a_framework_that_is_not_rankable_is_refused(cast: Cast) -> None:
    cbi = import_framework(framework=get_framework("cbi-2014"))

    index = cohort_index(cohort=cast.cohort, framework=cbi, audience=Audience.SECRETARIAT)

    assert index.hidden is Hidden.NOT_RANKABLE and index.ranks == ()


def test_the_page_says_why_a_framework_is_never_ranked(ranked: Ranked, client: Client) -> None:
    pilot = load_framework(DATA / "pilot.yaml")
    progress_only = pilot.model_copy(update={"id": "pilot-baseline", "rankable": False})
    version = import_framework(framework=progress_only)
    for slug in ("kelpmouth", "tidewick", "mistvale"):
        _signed_off(
            ranked.cities[slug], version, VALUES[slug], by=ranked.cast.sam, consent=TIERS[slug]
        )
    url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])

    page = _signed_in(client, ranked.cast.sam).get(url, {"framework": version.key})

    text = page.content.decode()
    assert page.status_code == 200
    assert "is not meant to rank cities" in text and "over time" in text
    assert "Kelpmouth" not in text


def test_two_cities_are_hidden_from_a_city_with_the_reason(cast: Cast, client: Client) -> None:
    _answer(cast.round, VALUES["harbour"], by=cast.alice)
    _finish(cast.round, consent=Consent.COHORT_NAMED, by=cast.alice)
    _answer(cast.hill_round, VALUES["hillside"], by=cast.charlie)
    _finish(cast.hill_round, consent=Consent.COHORT_NAMED, by=cast.charlie)

    city = _signed_in(client, cast.alice).get(reverse("rankings:city", args=["harbour"]))
    secretariat = cohort_index(
        cohort=cast.cohort, framework=cast.framework, audience=Audience.SECRETARIAT
    )

    text = city.content.decode()
    assert "only 2 cities of the cohort share their results" in text
    assert "Your city ranks" not in text and "Hillside" not in text
    assert secretariat.hidden is None and secretariat.ranked == 2


def test_one_city_is_not_a_ranking_even_for_the_secretariat(cast: Cast) -> None:
    _answer(cast.round, VALUES["harbour"], by=cast.alice)
    _finish(cast.round, consent=Consent.COHORT_NAMED, by=cast.alice)

    index = cohort_index(
        cohort=cast.cohort, framework=cast.framework, audience=Audience.SECRETARIAT
    )

    assert index.hidden is Hidden.TOO_FEW


def test_a_cohort_without_signed_off_rounds_says_so(cast: Cast, client: Client) -> None:
    url = reverse("rankings:cohort", args=["east", cast.cohort.pk])

    page = _signed_in(client, cast.sam).get(url)

    assert page.status_code == 200
    assert "No city of this cohort has a signed-off round yet" in page.content.decode()


# -- consent --------------------------------------------------------------------------------------


def test_a_city_sees_named_cities_counts_anonymous_ones_and_never_private_ones(
    ranked: Ranked, client: Client
) -> None:
    page = _signed_in(client, ranked.cast.alice).get(reverse("rankings:city", args=["harbour"]))
    index = _index(ranked, Audience.CITY)

    text = page.content.decode()
    assert page.status_code == 200
    assert {p.shared.city.slug for p in index.ranks} == set(VALUES) - {"hillside"}
    assert "Kelpmouth" in text and "Tidewick" in text and "Mistvale" in text
    assert "Ferrymoor" not in text and "ferrymoor" not in text
    assert "Hillside" not in text and "hillside" not in text
    assert "1 other city is counted in the ranks without being named." in text
    assert index.ranked == 5


def test_a_private_city_ranks_others_only_for_the_secretariat(ranked: Ranked) -> None:
    secretariat = _places(_index(ranked))
    city = _places(_index(ranked, Audience.CITY))

    assert secretariat["kelpmouth"][0] == 2 and city["kelpmouth"][0] == 1


def test_the_secretariat_names_every_city(ranked: Ranked, client: Client) -> None:
    url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])

    page = _signed_in(client, ranked.cast.sam).get(url, {"framework": "pilot@1.0.0"})

    text = page.content.decode()
    for name in ("Harbour City", "Hillside", "Ferrymoor", "Kelpmouth", "Tidewick", "Mistvale"):
        assert name in text
    assert "1,000 variations" in text
    assert "<svg" in text and "style=" not in text.split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("who", "status"), [("bob", 403), ("charlie", 404), ("olga", 404), ("dora", 404)]
)
def test_only_those_who_see_a_citys_results_see_its_index(
    ranked: Ranked, client: Client, who: str, status: int
) -> None:
    person = getattr(ranked.cast, who)

    page = _signed_in(client, person).get(reverse("rankings:city", args=["harbour"]))

    assert page.status_code == status


@pytest.mark.parametrize("who", ["alice", "charlie", "olga"])
def test_the_cohort_index_is_the_secretariats_only(
    ranked: Ranked, client: Client, who: str
) -> None:
    url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])

    page = _signed_in(client, getattr(ranked.cast, who)).get(url)

    assert page.status_code == 404


# -- plain words in each language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "steady", "varying"),
    [
        ("en", "Your rank is 1 in 95 %", "Your rank stays between"),
        ("zh-hant", "您的排名都是第 1 名", "您的排名維持在第"),
        ("ja", "あなたの順位は 1 位です", "あなたの順位は"),
    ],
)
def test_the_rank_interval_in_plain_words_in_each_language(
    ranked: Ranked, client: Client, language: str, steady: str, varying: str
) -> None:
    hillside = ranked.rounds["hillside"]
    set_consent(round=hillside, consent=Consent.COHORT_NAMED, by=ranked.cast.charlie)
    charlie = _signed_in(client, ranked.cast.charlie)
    url = reverse("rankings:city", args=["hillside"])

    with translation.override(language):
        text = charlie.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert steady in text
    assert "between 1 and 1" not in text
    index = cohort_index(
        cohort=ranked.cast.cohort,
        framework=ranked.cast.framework,
        audience=Audience.CITY,
        viewer_city=ranked.cities["harbour"],
    )
    own = index.own
    assert own is not None and not own.steady
    with translation.override(language):
        sentence = own_rank_sentence(index, own)
    assert varying in sentence and str(own.low) in sentence and str(own.high) in sentence


# -- awkward requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"framework": "nothing@0"},
        {"framework": "x" * 5000},
        {"framework": "pilot@1.0.0\x00"},
        {"cohort": "abc"},
        {"cohort": "9" * 400},
        {"cohort": "-1"},
    ],
)
def test_a_bad_parameter_gives_a_sentence_and_the_choices(
    ranked: Ranked, client: Client, query: dict[str, str]
) -> None:
    page = _signed_in(client, ranked.cast.alice).get(
        reverse("rankings:city", args=["harbour"]), query
    )

    text = page.content.decode()
    assert page.status_code == 400
    assert "choose one of" in text
    assert len(text) < 60_000


def test_a_cohort_of_another_city_is_not_shown(ranked: Ranked, client: Client) -> None:
    other = ranked.cast.cohort.network.cohorts.create(
        name="Elsewhere", start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
    )

    page = _signed_in(client, ranked.cast.alice).get(
        reverse("rankings:city", args=["harbour"]), {"cohort": str(other.pk)}
    )

    assert page.status_code == 400
    assert "is not a member of a cohort numbered" in page.content.decode()


def test_a_bad_framework_on_the_secretariats_page_lists_the_choices(
    ranked: Ranked, client: Client
) -> None:
    url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])

    page = _signed_in(client, ranked.cast.sam).get(url, {"framework": "cbi-2014@1.0.0"})

    text = page.content.decode()
    assert page.status_code == 400
    assert "pilot@1.0.0" in text and "choose one of the frameworks listed" in text


def test_the_city_dashboard_and_the_cohort_overview_link_to_the_index(
    ranked: Ranked, client: Client
) -> None:
    dashboard = _signed_in(client, ranked.cast.alice).get(
        reverse("dashboards:city", args=["harbour"])
    )
    overview = _signed_in(client, ranked.cast.sam).get(
        reverse("dashboards:cohort", args=["east", ranked.cast.cohort.pk])
    )

    assert reverse("rankings:city", args=["harbour"]) in dashboard.content.decode()
    cohort_url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])
    assert cohort_url in overview.content.decode()


def test_the_city_page_reads_a_bounded_number_of_queries(
    ranked: Ranked, client: Client, django_assert_max_num_queries: object
) -> None:
    signed_in = _signed_in(client, ranked.cast.alice)
    url = reverse("rankings:city", args=["harbour"])
    signed_in.get(url)

    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = signed_in.get(url)

    assert page.status_code == 200


def test_a_city_that_answered_nothing_scored_is_listed_last_without_a_rank(
    ranked: Ranked, client: Client
) -> None:
    city = _city(ranked.cast, "emptyvale", {"en": "Emptyvale"})
    ranked.cast.cohort.cities.add(city)
    _signed_off(city, ranked.cast.framework, {}, by=ranked.cast.sam, consent=Consent.COHORT_NAMED)

    index = _index(ranked)

    assert index.ranks[-1].shared.city.slug == "emptyvale"
    assert index.ranks[-1].rank is None and index.ranks[-1].score is None
    assert index.ranked == 6
    url = reverse("rankings:cohort", args=["east", ranked.cast.cohort.pk])
    assert "no rank" in _signed_in(client, ranked.cast.sam).get(url).content.decode()


def test_a_city_in_no_cohort_is_told_there_is_nothing_to_rank_it_in(
    cast: Cast, client: Client
) -> None:
    _city(cast, "loneport", {"en": "Loneport"})

    page = _signed_in(client, cast.sam).get(reverse("rankings:city", args=["loneport"]))

    assert page.status_code == 200
    assert "not a member of any cohort" in page.content.decode()


# -- the analysis on awkward cohorts --------------------------------------------------------------

PILOT: Framework = load_framework(DATA / "pilot.yaml")


@st.composite
def cohorts(draw: st.DrawFn) -> dict[str, dict[str, float | None]]:
    """Two to eight cities' points on the pilot framework: gaps (whole themes included), equal
    cities, constant indicators."""

    def city() -> st.SearchStrategy[dict[str, float | None]]:
        return st.fixed_dictionaries(
            {
                indicator.id: st.none()
                | st.integers(int(indicator.min_points), int(indicator.max_points)).map(float)
                for indicator in PILOT.indicators()
            }
        )

    distinct = draw(st.lists(city(), min_size=1, max_size=6))
    copies = draw(st.lists(st.integers(0, len(distinct) - 1), min_size=1, max_size=2))
    rows = distinct + [distinct[i] for i in copies]
    return {f"c{n}": row for n, row in enumerate(rows)}


@settings(max_examples=25, deadline=None)
@given(points=cohorts())
def test_equal_cities_share_every_figure_and_intervals_are_ranks_reached(
    points: dict[str, dict[str, float | None]],
) -> None:
    places = {
        unit: tuple(None if math.isnan(x) else x for x in place)
        for unit, place in rank_points(PILOT, points).items()
    }

    ranked = [place for place in places.values() if place[1] is not None]
    for _score, rank, low, high in ranked:
        assert low is not None and high is not None and rank is not None
        assert 1 <= low <= high <= len(ranked)
        assert rank == int(rank) and low == int(low) and high == int(high)
    for one, row in points.items():
        twins = [other for other, same in points.items() if same == row]
        assert {places[twin] for twin in twins} == {places[one]}

"""Cohort benchmarking: a city against its cohort, the secretariat's heatmap, shared key areas and
support asked, and their exports, under every consent tier.

The cohort is built through the domain, as people build it: cities answer the pilot framework,
submit, close answering and sign off. Scores on the pilot framework are the maturity level × 25,
so the cohort's quartiles can be worked out by hand in each test.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stocktake.frameworks import load_framework
from stocktake.network.benchmark import Position
from stocktake.network.shared import SharedKeyArea
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.audit.interfaces.events import concerning
from stocktake_web.audit.models import AuditEvent
from stocktake_web.benchmarking.domain.benchmarks import (
    city_benchmark,
    cohort_benchmark,
    cohort_key_areas,
    cohort_support,
)
from stocktake_web.benchmarking.domain.choices import city_choice, cohort_choice
from stocktake_web.benchmarking.interfaces.cohort import key_area_tables
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, add_department, create_cohort
from stocktake_web.network.models import City

from .conftest import DATA, Cast

Consent = Round.Consent
ANONYMOUS = Consent.COHORT_ANONYMOUS
NAMED = Consent.COHORT_NAMED
FORMULA_NAME = '=HYPERLINK("http://evil.example","Click")'


def _member(cast: Cast, slug: str, name: str) -> City:
    city = add_city(
        network=cast.network,
        slug=slug,
        name={"en": name},
        country="TW",
        population=100_000,
        joined=datetime.date(2024, 3, 1),
    )
    add_department(city=city, slug="environment", name={"en": "Environment"})
    add_department(city=city, slug="planning", name={"en": "Planning"})
    cast.cohort.cities.add(city)
    return city


def _sign_off(
    cast: Cast,
    city: City,
    values: Mapping[str, str],
    *,
    consent: str = NAMED,
    framework: FrameworkVersion | None = None,
    round: Round | None = None,
    support: Mapping[str, frozenset[str]] | None = None,
) -> Round:
    """Answer ``values`` (indicator -> value, the same for every department it is assigned to),
    leave the rest blank, and sign the round off with ``consent``."""
    if round is None:
        round = open_round(
            city=city,
            framework=framework or cast.framework,
            name=f"{city.slug} {Round.objects.filter(city=city).count()}",
            deadline=datetime.date.today() + datetime.timedelta(days=30),
            opened_by=cast.sam,
            reason="Runs beside the city's current round",
        )
        assign_indicators(round=round, by=cast.sam)
    asked = support or {}
    for answer in Answer.objects.filter(assignment__round=round).select_related("assignment"):
        indicator = answer.assignment.indicator
        if indicator in values:
            content = AnswerContent(
                value=values[indicator],
                support=asked.get(indicator, frozenset()),
                importance=5 if indicator in asked else None,
                confidence="high" if indicator in asked else "",
            )
            save_answer(answer=answer, user=cast.sam, base_version=0, content=content)
    for department in city.departments.all():
        submit_department(round=round, department=department, by=cast.sam)
    start_reconciliation(round=round)
    sign_off(round=round, by=cast.sam)
    Round.objects.filter(pk=round.pk).update(consent=consent)
    return round


def _levels(g1: int, e1: int | None = 2) -> dict[str, str]:
    values = {"G1": str(g1), "G2": "yes"}
    if e1 is not None:
        values |= {"E1": str(e1), "E2": "draft"}
    return values


def _four_cities(cast: Cast, *, consents: tuple[str, str, str] = (NAMED, ANONYMOUS, NAMED)) -> None:
    """Harbour at G1 level 1 (25) and three others at 0, 2 and 4: scores 0, 25, 50, 100."""
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round, consent=Consent.PRIVATE)
    _sign_off(cast, cast.hillside, _levels(0), round=cast.hill_round, consent=consents[0])
    _sign_off(cast, _member(cast, "riverside", "Riverside"), _levels(2), consent=consents[1])
    _sign_off(cast, _member(cast, "lakeside", "Lakeside"), _levels(4), consent=consents[2])


def _login(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def _city_url(cast: Cast, **query: str) -> str:
    url = reverse("benchmarking:city", args=[cast.harbour.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _cohort_url(cast: Cast, name: str = "benchmarking:cohort", *extra: str) -> str:
    return reverse(name, args=[cast.network.slug, cast.cohort.pk, *extra])


def _row(bench_level: object, item: str) -> object:
    return next(entry for entry in bench_level.items if entry.item == item)  # type: ignore[attr-defined]


# -- the numbers ----------------------------------------------------------------------------------


def test_city_benchmark_matches_hand_computed_quartiles(cast: Cast) -> None:
    _four_cities(cast)

    bench = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))

    g1 = _row(bench.level("indicator"), "G1")
    found = g1.distribution  # type: ignore[attr-defined]
    # scores 0, 25, 50, 100: Q1 at 0.75 of the way 0 → 25, median 37.5, Q3 at 0.25 of 50 → 100
    assert (found.count, found.lowest, found.best) == (4, 0.0, 100.0)
    assert found.lower_quartile == pytest.approx(18.75)
    assert found.median == pytest.approx(37.5)
    assert found.upper_quartile == pytest.approx(62.5)
    assert g1.own == 25.0  # type: ignore[attr-defined]
    assert g1.position is Position.BELOW_MEDIAN  # type: ignore[attr-defined]


def test_city_page_shows_statistics_and_position_in_words_naming_no_other_city(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)

    response = _login(client, "alice").get(_city_url(cast))

    page = response.content.decode()
    assert response.status_code == 200
    assert "18.8" in page and "37.5" in page and "62.5" in page
    assert "below the cohort median" in page
    assert "By dimension" in page and "By development pathway" in page
    for other in ("Hillside", "Riverside", "Lakeside"):
        assert other not in page
    assert '<svg class="box-chart"' in page
    assert "style=" not in page


def test_a_city_that_skipped_a_theme_is_left_out_of_that_theme_only(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    _sign_off(cast, _member(cast, "hilltop", "Hilltop"), _levels(3, e1=None))

    bench = cohort_benchmark(cohort_choice(cast.cohort, framework=None))

    assert _row(bench.level("dimension"), "gov").distribution.count == 5  # type: ignore[attr-defined]
    assert _row(bench.level("dimension"), "env").distribution.count == 4  # type: ignore[attr-defined]
    page = _login(client, "sam").get(_cohort_url(cast)).content.decode()
    hilltop = page[page.index("Hilltop") : page.index("</tr>", page.index("Hilltop"))]
    assert hilltop.count("heat-blank") == 1


def test_ties_put_the_city_at_the_median_level_with_the_best(client: Client, cast: Cast) -> None:
    _sign_off(cast, cast.harbour, _levels(2), round=cast.round)
    _sign_off(cast, cast.hillside, _levels(2), round=cast.hill_round)
    _sign_off(cast, _member(cast, "riverside", "Riverside"), _levels(2), consent=ANONYMOUS)

    page = _login(client, "alice").get(_city_url(cast)).content.decode()

    assert "at the cohort median, level with the best" in page


def test_one_city_alone_sees_a_sentence_instead_of_numbers(client: Client, cast: Cast) -> None:
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round)

    page = _login(client, "alice").get(_city_url(cast)).content.decode()

    assert "Only 1 city shares its results on this version" in page
    assert "box-chart" not in page
    assert "37.5" not in page


def test_two_cities_keep_their_statistics_hidden_from_each_other(
    client: Client, cast: Cast
) -> None:
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round)
    _sign_off(cast, cast.hillside, _levels(3), round=cast.hill_round)

    page = (
        _login(client, "charlie")
        .get(reverse("benchmarking:city", args=[cast.hillside.slug]))
        .content.decode()
    )

    assert "Only 2 cities share their results on this version" in page
    assert "Hidden: fewer than 3 cities" in page
    assert "box-chart" not in page
    assert ">25<" not in page  # Harbour's score on G1, which a lowest of two would give away


def test_an_item_fewer_than_three_cities_scored_is_hidden_from_a_city_only(
    client: Client, cast: Cast
) -> None:
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round)
    _sign_off(cast, cast.hillside, _levels(2, e1=None), round=cast.hill_round)
    _sign_off(cast, _member(cast, "riverside", "Riverside"), _levels(3, e1=None))

    city = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))
    page = _login(client, "alice").get(_city_url(cast)).content.decode()

    assert _row(city.level("dimension"), "env").distribution.count == 1  # type: ignore[attr-defined]
    assert "fewer than 3 cities have a score here" in page
    sam = _login(Client(), "sam").get(_cohort_url(cast)).content.decode()
    assert "fewer than 3 cities have a score here" not in sam


# -- consent tiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consents", "shown"),
    [
        ((NAMED, ANONYMOUS, NAMED), True),
        ((Consent.PUBLIC_SUMMARY, ANONYMOUS, ANONYMOUS), True),
        ((Consent.PRIVATE, ANONYMOUS, NAMED), True),
        ((Consent.PRIVATE, Consent.PRIVATE, NAMED), False),
    ],
)
def test_only_rounds_shared_with_the_cohort_count_for_a_city(
    client: Client, cast: Cast, consents: tuple[str, str, str], shown: bool
) -> None:
    _four_cities(cast, consents=consents)

    bench = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))
    page = _login(client, "alice").get(_city_url(cast)).content.decode()

    private = consents.count(Consent.PRIVATE)
    assert bench.cohort.contributing == 4 - private
    assert bench.cohort.statistics_shown is shown
    assert ("box-chart" in page) is shown
    for other in ("Hillside", "Riverside", "Lakeside"):
        assert other not in page


def test_the_secretariat_sees_every_city_named_whatever_its_consent(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast, consents=(Consent.PRIVATE, ANONYMOUS, NAMED))

    page = _login(client, "sam").get(_cohort_url(cast)).content.decode()

    for name in ("Harbour City", "Hillside", "Riverside", "Lakeside"):
        assert name in page
    assert "4 cities with a signed-off round on this version" in page


def test_a_city_own_private_round_still_counts_for_itself(cast: Cast) -> None:
    _four_cities(cast)  # Harbour's round is private

    bench = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))

    assert bench.own is not None and bench.own.shared.round == cast.round


# -- framework versions ---------------------------------------------------------------------------


def _pilot_version(version: str) -> FrameworkVersion:
    framework = load_framework(DATA / "pilot.yaml").model_copy(update={"version": version})
    return import_framework(framework=framework)


def test_rounds_on_another_framework_version_are_not_compared(cast: Cast) -> None:
    _four_cities(cast)
    newer = _pilot_version("1.1.0")
    _sign_off(cast, _member(cast, "hilltop", "Hilltop"), _levels(4), framework=newer)

    bench = cohort_benchmark(cohort_choice(cast.cohort, framework=cast.framework.key))
    newest = cohort_benchmark(cohort_choice(cast.cohort, framework=None))

    assert bench.cohort.contributing == 4
    assert "hilltop" not in {signed.slug for signed in bench.rounds}
    assert newest.choice.framework == newer
    assert [signed.slug for signed in newest.rounds] == ["hilltop"]


def test_a_version_the_city_has_no_round_on_is_refused_in_a_sentence(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    newer = _pilot_version("1.1.0")

    response = _login(client, "alice").get(_city_url(cast, framework=newer.key))

    assert response.status_code == 404
    assert "There is no signed-off round on the framework version" in response.content.decode()


def test_a_city_whose_latest_round_is_on_another_version_still_sees_only_what_may_be_shown(
    client: Client, cast: Cast
) -> None:
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round)
    _sign_off(cast, cast.hillside, _levels(2), round=cast.hill_round)
    _sign_off(cast, _member(cast, "riverside", "Riverside"), _levels(3, e1=None))
    _sign_off(cast, _member(cast, "lakeside", "Lakeside"), _levels(4, e1=None))
    _sign_off(cast, cast.harbour, _levels(2), framework=_pilot_version("1.1.0"))

    response = _login(client, "alice").get(_city_url(cast, framework=cast.framework.key))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your city has no latest signed-off round on this framework version" in page
    assert "fewer than 3 cities have a score here" in page  # the environment: Hillside alone


# -- bad parameters and permissions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"cohort": "abc"},
        {"cohort": "999999"},
        {"cohort": "-1"},
        {"cohort": "9" * 5000},
        {"framework": "pilot"},
        {"framework": "x" * 5000},
        {"framework": "pilot@1.0.0%00"},
        {"framework": "%3Cscript%3E"},
    ],
)
def test_bad_parameters_get_a_page_that_says_so(
    client: Client, cast: Cast, query: dict[str, str]
) -> None:
    _four_cities(cast)

    response = _login(client, "alice").get(_city_url(cast, **query))

    assert response.status_code == 404
    assert 'class="message error"' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_a_cohort_the_city_is_not_in_is_refused(client: Client, cast: Cast) -> None:
    _four_cities(cast)
    other = create_cohort(
        network=cast.network,
        name="Other programme",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        chair=cast.hillside,
        cities=[cast.hillside],
    )

    response = _login(client, "alice").get(_city_url(cast, cohort=str(other.pk)))

    assert response.status_code == 404
    assert "not a member of the cohort" in response.content.decode()


def test_a_city_without_a_signed_off_round_is_told_why(client: Client, cast: Cast) -> None:
    response = _login(client, "alice").get(_city_url(cast))

    assert response.status_code == 404
    assert "no signed-off round yet" in response.content.decode()


def test_a_cohort_without_a_signed_off_round_is_told_why(client: Client, cast: Cast) -> None:
    response = _login(client, "sam").get(_cohort_url(cast))

    assert response.status_code == 404
    assert "No city of this cohort has a signed-off round yet" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [("alice", 200), ("vera", 200), ("sam", 200), ("bob", 403), ("charlie", 404), ("olga", 404)],
)
def test_who_may_see_a_city_benchmark(
    client: Client, cast: Cast, username: str, status: int
) -> None:
    _four_cities(cast)

    assert _login(client, username).get(_city_url(cast)).status_code == status


@pytest.mark.parametrize(("username", "status"), [("sam", 200), ("alice", 404), ("olga", 404)])
def test_only_the_secretariat_sees_the_cohort_benchmark(
    client: Client, cast: Cast, username: str, status: int
) -> None:
    _four_cities(cast)

    assert _login(client, username).get(_cohort_url(cast)).status_code == status
    export = _cohort_url(cast, "benchmarking:cohort_export", "xlsx")
    assert _login(Client(), username).get(export).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, cast: Cast) -> None:
    response = client.get(_city_url(cast))

    assert response.status_code == 302


def test_the_city_dashboard_links_to_the_benchmark(client: Client, cast: Cast) -> None:
    page = _login(client, "alice").get(reverse("dashboards:city", args=[cast.harbour.slug]))

    assert _city_url(cast) in page.content.decode()


def test_the_cohort_overview_links_to_the_benchmark(client: Client, cast: Cast) -> None:
    page = _login(client, "sam").get(
        reverse("dashboards:cohort", args=[cast.network.slug, cast.cohort.pk])
    )

    assert _cohort_url(cast) in page.content.decode()


# -- the secretariat's tables ---------------------------------------------------------------------


def test_shared_key_areas_and_support_requests_are_counted_across_cities(
    client: Client, cast: Cast
) -> None:
    training = {"G1": frozenset({"training"})}
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round, support=training)
    _sign_off(cast, cast.hillside, _levels(0), round=cast.hill_round, support=training)
    _sign_off(cast, _member(cast, "riverside", "Riverside"), _levels(4), consent=ANONYMOUS)

    page = _login(client, "sam").get(_cohort_url(cast)).content.decode()

    table = page[page.index("Key areas for development shared") :]
    g1 = table[table.index("Cross-departmental coordination") :]
    assert g1[: g1.index("</tr>")].count("Harbour City") == 1
    assert "Hillside" in g1[: g1.index("</tr>")]
    assert "Riverside" not in g1[: g1.index("</tr>")]
    support = page[page.index("Support asked for") :]
    row = support[support.index("Training") : support.index("</tr>", support.index("Training"))]
    # per department: Harbour's gap 0.75 and Hillside's 1, importance 5 of 5, high confidence
    assert '<td class="number">2</td><td class="number">1.75</td>' in row
    assert "Harbour City, Hillside" in row


def test_key_areas_of_one_city_only_are_listed_apart(cast: Cast) -> None:
    _four_cities(cast)
    bench = cohort_benchmark(cohort_choice(cast.cohort, framework=None))
    shared = [SharedKeyArea("G1", ("harbour", "hillside")), SharedKeyArea("E1", ("lakeside",))]

    tables = key_area_tables(bench, shared)

    assert [(row.indicator, row.cities) for row in tables.shared] == [
        ("G1", ("Harbour City", "Hillside"))
    ]
    assert [(row.indicator, row.cities) for row in tables.single] == [("E1", ("Lakeside",))]


def test_what_cities_share_names_only_cities_that_may_be_named_to_the_viewer(cast: Cast) -> None:
    training = {"G1": frozenset({"training"})}
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round, support=training)
    _sign_off(cast, cast.hillside, _levels(0), round=cast.hill_round, support=training)
    riverside = _member(cast, "riverside", "Riverside")
    _sign_off(cast, riverside, _levels(0), consent=ANONYMOUS, support=training)

    bench = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))
    cities = {city for total in cohort_support(bench) for city in total.cities}
    areas = {city for area in cohort_key_areas(bench) for city in area.cities}

    assert cities == areas == {"harbour", "hillside"}


# -- exports --------------------------------------------------------------------------------------


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_cohort_export_neutralises_a_formula_like_city_name_and_keeps_numbers(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    City.objects.filter(pk=cast.hillside.pk).update(name={"en": FORMULA_NAME})

    url = _cohort_url(cast, "benchmarking:cohort_export", "csv") + "?table=scores"
    rows = _csv(_login(client, "sam").get(url).content)
    workbook = client.get(_cohort_url(cast, "benchmarking:cohort_export", "xlsx"))
    book = load_workbook(io.BytesIO(workbook.content), read_only=True)
    scores = list(book["scores"].iter_rows(values_only=True))
    sheets = book.sheetnames
    book.close()

    assert rows[0][:3] == ["city", "total", "G1"]
    assert ["'" + FORMULA_NAME] in [row[:1] for row in rows]
    assert sheets == ["scores", "heatmap", "statistics", "key areas", "support"]
    hillside = next(row for row in scores if row[0] == "'" + FORMULA_NAME)
    assert hillside[2] == 0 and isinstance(hillside[1], int | float)
    exports = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert sorted(event.details["export"] for event in exports) == [
        "cohort-benchmark-scores.csv",
        "cohort-benchmark.xlsx",
    ]
    assert concerning(exports.get(details__export="cohort-benchmark.xlsx")) == (
        "cohort-benchmark.xlsx of the cohort Community of practice, pilot@1.0.0"
    )


def test_an_unknown_cohort_table_is_not_found(client: Client, cast: Cast) -> None:
    _four_cities(cast)

    url = _cohort_url(cast, "benchmarking:cohort_export", "csv") + "?table=" + "x" * 3000

    assert _login(client, "sam").get(url).status_code == 404


def test_city_export_holds_statistics_only_and_hides_what_the_page_hides(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    City.objects.filter(pk=cast.hillside.pk).update(name={"en": FORMULA_NAME})

    url = reverse("benchmarking:city_export", args=[cast.harbour.slug, "csv"])
    response = _login(client, "alice").get(url)
    rows = _csv(response.content)

    text = response.content.decode("utf-8-sig")
    assert "HYPERLINK" not in text and "Riverside" not in text
    g1 = next(row for row in rows if row[:2] == ["indicator", "G1"])
    assert g1[3:10] == ["25.0", "4", "0.0", "18.75", "37.5", "62.5", "100.0"]
    assert g1[10] == "below the cohort median"
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert event.details["export"] == "benchmark.csv"
    assert event.details["round_id"] == cast.round.pk


def test_city_workbook_of_two_cities_leaves_the_statistics_empty(
    client: Client, cast: Cast
) -> None:
    _sign_off(cast, cast.harbour, _levels(1), round=cast.round)
    _sign_off(cast, cast.hillside, _levels(3), round=cast.hill_round)

    url = reverse("benchmarking:city_export", args=[cast.harbour.slug, "xlsx"])
    response = _login(client, "alice").get(url)
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["benchmark"].iter_rows(values_only=True))
    book.close()

    g1 = next(row for row in rows if row[:2] == ("indicator", "G1"))
    assert g1[3] == 25
    assert g1[4:10] == (None,) * 6
    assert "Hidden" in g1[11]


def test_an_unknown_export_format_is_not_found(client: Client, cast: Cast) -> None:
    _four_cities(cast)

    response = _login(client, "alice").get(f"/cities/{cast.harbour.slug}/benchmark.pdf")

    assert response.status_code == 404


# -- languages and cost ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hant", "ja"])
def test_the_pages_speak_every_interface_language(
    client: Client, cast: Cast, language: str
) -> None:
    _four_cities(cast)
    _login(client, "alice")
    client.cookies["django_language"] = language

    page = client.get(_city_url(cast)).content.decode()

    assert "below the cohort median" not in page
    assert {"zh-hant": "低於群組中位數", "ja": "コホートの中央値より下"}[language] in page


def test_the_city_page_reads_a_fixed_number_of_queries(
    client: Client, cast: Cast, django_assert_max_num_queries: object
) -> None:
    _four_cities(cast)
    for n in range(3):
        _sign_off(cast, _member(cast, f"town-{n}", f"Town {n}"), _levels(n), consent=ANONYMOUS)
    _login(client, "alice")

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get(_city_url(cast)).status_code == 200


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_cohort_page_reads_each_city_answers_once_and_nothing_more_per_city(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    _login(client, "sam")
    four = _queries(client, _cohort_url(cast))
    for n in range(4):
        _sign_off(cast, _member(cast, f"town-{n}", f"Town {n}"), _levels(n), consent=ANONYMOUS)

    eight = _queries(client, _cohort_url(cast))

    # the support requests read each round's answers, support kinds and reconciliations
    assert eight - four <= 3 * 4

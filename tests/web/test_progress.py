"""Progress between rounds: the pages show the core's comparison of two signed-off rounds,
never a second calculation of it, and refuse rounds they should not compare in a sentence."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stocktake.frameworks import Framework
from stocktake.network import compare_rounds
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    core_answers,
    open_round,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.audit.models import AuditEvent
from stocktake_web.events.domain.events import record_event
from stocktake_web.events.models import Event
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, add_department
from stocktake_web.network.models import City

from .conftest import Cast

DAY = datetime.timedelta(days=1)
Answers = Mapping[str, str | tuple[str, ...]]
BASELINE: Answers = {"G1": ("1", "1"), "G2": "no", "E1": "1", "E2": "none", "E3": "10"}
"""A baseline round: G1 by environment and planning, the others by their one department."""


def _respondent(cast: Cast, city: City, department: str) -> User:
    """Whoever answers: the domain checks the round's state, the pages check the person."""
    return cast.bob if department == "environment" else cast.bea


def _save(cast: Cast, round: Round, indicator: str, department: str, value: str) -> None:
    answer = Answer.objects.get(
        assignment__round=round,
        assignment__indicator=indicator,
        assignment__department__slug=department,
    )
    save_answer(
        answer=answer,
        user=_respondent(cast, round.city, department),
        base_version=answer.version,
        content=AnswerContent(value=value),
    )


def _departments(framework: Framework, indicator: str) -> list[str]:
    found = next(ind for ind in framework.indicators() if ind.id == indicator)
    return list(found.departments)


def signed_round(
    cast: Cast,
    name: str,
    answers: Answers,
    *,
    framework: FrameworkVersion | None = None,
    city: City | None = None,
    days_ago: int = 0,
    reconciled: Mapping[str, str] | None = None,
) -> Round:
    """A signed-off round of ``city`` (Harbour City) with each indicator's departments'
    answers (one value for all, or one per suggested department, in the framework's order)."""
    city = city or cast.harbour
    framework = framework or cast.framework
    round = open_round(
        city=city,
        framework=framework,
        name=name,
        deadline=datetime.date.today() + 30 * DAY,
        opened_by=cast.alice,
        reason="Runs beside the city's current round",
        opened_at=timezone.now() - days_ago * DAY,
    )
    assign_indicators(round=round, by=cast.alice)
    loaded = framework.load()
    for indicator, values in answers.items():
        departments = _departments(loaded, indicator)
        per = values if isinstance(values, tuple) else (values,) * len(departments)
        for department, value in zip(departments, per, strict=True):
            _save(cast, round, indicator, department, value)
    start_reconciliation(round=round)
    for indicator, value in (reconciled or {}).items():
        reconcile(round=round, indicator=indicator, value=value, reason="Agreed", by=cast.alice)
    sign_off(round=round, by=cast.alice)
    return Round.objects.get(pk=round.pk)


def _url(city: str = "harbour", **query: object) -> str:
    address = reverse("progress:city", args=[city])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def _page(client: Client, user: User, **query: object) -> str:
    client.force_login(user)
    response = client.get(_url("harbour", **query))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_rounds(cast: Cast) -> tuple[Round, Round]:
    before = signed_round(cast, "Baseline 2025", BASELINE, days_ago=365)
    after = signed_round(
        cast,
        "Round 2026",
        {"G1": ("3", "3"), "G2": "yes", "E1": "0", "E2": "none", "E3": "10"},
    )
    return before, after


# -- the comparison ------------------------------------------------------------------------------


def test_the_page_shows_the_verdicts_of_compare_rounds_on_the_same_answers(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    before, after = two_rounds
    expected = compare_rounds(cast.framework.load(), core_answers(before), core_answers(after))

    client.force_login(cast.alice)
    response = client.get(_url())

    lines = {line.id: line for line in response.context["lines"].indicators}
    assert {key: line.verdict for key, line in lines.items()} == {
        change.id: change.verdict for change in expected.indicators
    }
    assert {key: line.change for key, line in lines.items()} == {
        change.id: change.change for change in expected.indicators
    }
    assert (lines["G1"].verdict, lines["E1"].verdict, lines["E2"].verdict) == (
        "improved",
        "declined",
        "no clear change",
    )
    assert response.context["lines"].overall.verdict == expected.overall.verdict
    groups = {line.id: line.verdict for line in response.context["lines"].groups}
    assert groups == {change.id: change.verdict for change in expected.groups}


def test_the_defaults_are_the_two_latest_signed_off_rounds_of_the_framework(
    cast: Cast, client: Client
) -> None:
    oldest = signed_round(cast, "2024", BASELINE, days_ago=700)
    middle = signed_round(cast, "2025 baseline", BASELINE, days_ago=365)
    latest = signed_round(cast, "2026", {**BASELINE, "G2": "yes"})
    client.force_login(cast.vera)

    choice = client.get(_url()).context["choice"]
    chosen_after = client.get(_url(after=middle.pk)).context["choice"]
    chosen_before = client.get(_url(before=oldest.pk)).context["choice"]

    chosen_latest = client.get(_url(before=latest.pk)).context["choice"]

    assert (choice.before, choice.after) == (middle, latest)
    assert (chosen_after.before, chosen_after.after) == (oldest, middle)
    assert (chosen_before.before, chosen_before.after) == (oldest, middle)
    assert (chosen_latest.before, chosen_latest.after) == (middle, latest)


def test_a_later_round_of_another_framework_does_not_hide_the_progress_of_one(
    cast: Cast, client: Client
) -> None:
    first = signed_round(cast, "Baseline", BASELINE, days_ago=365)
    second = signed_round(cast, "2026", {**BASELINE, "G2": "yes"}, days_ago=10)
    signed_round(cast, "Other 2026", BASELINE, framework=_other_framework(cast))
    client.force_login(cast.alice)

    choice = client.get(_url()).context["choice"]

    assert (choice.before, choice.after) == (first, second)


def test_rounds_given_the_wrong_way_round_are_compared_earlier_to_later(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    before, after = two_rounds
    client.force_login(cast.alice)

    response = client.get(_url(before=after.pk, after=before.pk))

    assert (response.context["compared"].before, response.context["compared"].after) == (
        before,
        after,
    )


def test_a_change_inside_the_departments_disagreement_is_no_clear_change(
    cast: Cast, client: Client
) -> None:
    signed_round(cast, "Baseline", {"G1": ("1", "2")}, days_ago=365, reconciled={"G1": "1"})
    signed_round(cast, "2026", {"G1": ("2", "2")})

    page = _page(client, cast.alice)
    client.force_login(cast.alice)
    g1 = next(line for line in client.get(_url()).context["lines"].indicators if line.id == "G1")

    assert (g1.before, g1.after, g1.change, g1.threshold) == (1.0, 2.0, 1.0, 25.0)
    assert g1.verdict == "no clear change"
    assert "within the departments&#x27; disagreement (25.0)" in page


def test_the_verdicts_are_translated(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    client.force_login(cast.alice)

    page = client.get(_url(), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()

    assert "進步" in page
    assert "退步" in page


# -- frameworks with a crosswalk -------------------------------------------------------------------


def _version_two(pilot: FrameworkVersion) -> FrameworkVersion:
    """pilot 2.0.0: G2 renamed G2X, with a crosswalk from 1.0.0."""
    data = pilot.load().model_dump(mode="python")
    for group in data["groups"]:
        for indicator in group["indicators"]:
            if indicator["id"] == "G2":
                indicator["id"] = "G2X"
    data["version"] = "2.0.0"
    data["crosswalk"] = {"from_version": "1.0.0", "renamed": {"G2": "G2X"}}
    return import_framework(framework=Framework.model_validate(data))


def test_a_round_on_the_earlier_version_is_read_through_the_crosswalk(
    cast: Cast, client: Client
) -> None:
    signed_round(cast, "Baseline", BASELINE, days_ago=365)
    signed_round(
        cast,
        "2026",
        {"G1": ("1", "1"), "G2X": "yes", "E1": "1"},
        framework=_version_two(cast.framework),
    )
    client.force_login(cast.alice)

    response = client.get(_url())

    page = response.content.decode()
    g2x = next(line for line in response.context["lines"].indicators if line.id == "G2X")
    assert (g2x.before, g2x.after, g2x.verdict) == (0.0, 1.0, "improved")
    assert g2x.crosswalk == "G2 of version 1.0.0 is read as G2X (renamed)."
    assert "The earlier round was answered on version 1.0.0" in page
    assert page.count("G2 of version 1.0.0 is read as G2X (renamed).") == 2  # list and row


def test_an_earlier_version_without_a_crosswalk_is_refused_in_a_sentence(
    cast: Cast, client: Client
) -> None:
    data = cast.framework.load().model_dump(mode="python")
    data["version"] = "1.1.0"
    newer = import_framework(framework=Framework.model_validate(data))
    signed_round(cast, "Baseline", BASELINE, days_ago=365)
    signed_round(cast, "2026", BASELINE, framework=newer)
    client.force_login(cast.alice)

    page = client.get(_url()).content.decode()
    export = client.get(reverse("progress:city_xlsx", args=["harbour"]))

    assert "These two rounds cannot be compared: pilot@1.1.0 has no crosswalk from version" in page
    assert export.status_code == 400
    assert "add a crosswalk to the framework file" in export.content.decode()


def _other_framework(cast: Cast) -> FrameworkVersion:
    data = cast.framework.load().model_dump(mode="python")
    data["id"] = "other"
    return import_framework(framework=Framework.model_validate(data))


def test_rounds_of_two_frameworks_are_not_compared(cast: Cast, client: Client) -> None:
    other = _other_framework(cast)
    first = signed_round(cast, "Baseline", BASELINE, days_ago=365)
    second = signed_round(cast, "2026", BASELINE, framework=other)

    page = _page(client, cast.alice, before=first.pk, after=second.pk)

    assert "progress compares rounds of the same framework" in page


# -- rounds that cannot be compared ---------------------------------------------------------------


def test_a_single_signed_off_round_is_said_in_a_sentence(cast: Cast, client: Client) -> None:
    signed_round(cast, "Baseline", BASELINE)

    page = _page(client, cast.alice)

    assert "Only one round of pilot is signed off (“Baseline”)" in page
    assert "local-stocktake" not in page


def test_a_city_without_a_signed_off_round_is_told_so(cast: Cast, client: Client) -> None:
    page = _page(client, cast.alice)

    assert "This city has no signed-off round yet." in page


def test_an_unsigned_round_is_refused_in_a_sentence(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    page = _page(client, cast.alice, before=cast.round.pk)

    assert "The round “2025” is not signed off yet" in page


@pytest.mark.parametrize(
    "query", ["{hill}", "abc", "99999999999999999999999999", "-1", "1e3", "%00", "x" * 5000]
)
def test_a_round_of_another_city_or_nonsense_is_not_found(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round], query: str
) -> None:
    hill = signed_round(cast, "Hill 2025", BASELINE, city=cast.hillside)
    client.force_login(cast.alice)

    for key in ("before", "after"):
        response = client.get(_url(**{key: query.format(hill=hill.pk)}))
        assert response.status_code == 404


def test_strangers_are_not_told_the_city_exists_and_respondents_are_forbidden(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    statuses = {}
    for user in (cast.alice, cast.vera, cast.sam, cast.bob, cast.charlie, cast.dora, cast.olga):
        client.force_login(user)
        statuses[user.username] = client.get(_url()).status_code

    assert statuses == {
        "alice": 200,
        "vera": 200,
        "sam": 200,
        "bob": 403,
        "charlie": 404,
        "dora": 404,
        "olga": 404,
    }


# -- the local stocktake export -------------------------------------------------------------------


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_export_holds_every_change_and_is_audited(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    before, after = two_rounds
    client.force_login(cast.vera)

    response = client.get(
        reverse("progress:city_csv", args=["harbour"]) + f"?before={before.pk}&after={after.pk}"
    )

    rows = {(row["level"], row["id"]): row for row in _rows(response.content)}
    g1 = rows[("indicator", "G1")]
    assert (g1["before"], g1["after"], g1["change"], g1["verdict"]) == (
        "1.0",
        "3.0",
        "2.0",
        "improved",
    )
    assert rows[("indicator", "E1")]["verdict"] == "declined"
    assert rows[("total", "pilot")]["kind"] == "framework"
    assert {("group", "gov"), ("group", "env")} <= set(rows)
    assert response["Content-Disposition"] == (
        f'attachment; filename="harbour-progress-{before.pk}-{after.pk}.csv"'
    )
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert (event.details["export"], event.details["round_id"]) == ("progress.csv", after.pk)


def test_the_workbook_keeps_numbers_as_numbers(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    before, after = two_rounds
    client.force_login(cast.alice)

    response = client.get(reverse("progress:city_xlsx", args=["harbour"]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["changes", "summary", "rounds", "crosswalk"]
    changes = list(book["changes"].iter_rows(values_only=True))
    g1 = next(row for row in changes if row[1] == "G1")
    assert g1[4:7] == (1, 3, 2)
    assert all(isinstance(value, (int, float)) for value in g1[4:9])
    summary = dict(book["summary"].iter_rows(min_row=2, values_only=True))
    assert summary["improved"] >= 1 and summary["declined"] >= 1
    rounds = list(book["rounds"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rounds] == [before.pk, after.pk]


def test_an_export_of_rounds_that_cannot_be_compared_says_why(cast: Cast, client: Client) -> None:
    signed_round(cast, "Baseline", BASELINE)
    client.force_login(cast.alice)

    response = client.get(reverse("progress:city_csv", args=["harbour"]))

    assert response.status_code == 400
    assert "Only one round of pilot is signed off" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED).exists()


# -- progress beside the network's events ---------------------------------------------------------


def _member(cast: Cast, slug: str) -> City:
    city = add_city(network=cast.network, slug=slug, name={"en": slug.title()}, country="TW")
    for department in ("environment", "planning"):
        add_department(city=city, slug=department, name={"en": department.title()})
    cast.cohort.cities.add(city)
    return city


def _rounds_of(cast: Cast, city: City, before: str, after: str) -> None:
    signed_round(cast, f"{city.slug} 2025", {"G1": (before, before)}, city=city, days_ago=365)
    signed_round(cast, f"{city.slug} 2026", {"G1": (after, after)}, city=city)


def _event(cast: Cast, indicator: str, cities: list[City], start: datetime.date) -> None:
    record_event(
        network=cast.network,
        kind=Event.Kind.WORKSHOP,
        title=f"Workshop on {indicator}",
        start=start,
        end=start,
        created_by=cast.sam,
        framework=cast.framework,
        indicators=[indicator],
        participants=[(city, None) for city in cities],
    )


@pytest.fixture
def cohort_with_events(cast: Cast) -> dict[str, City]:
    """Harbour (+2) and Hillside (+1) attended the G1 workshop; River (0) and Lake (-1) did not;
    Pond has one signed-off round; nobody attended the E1 webinar; E2's event is yet to come."""
    river, lake, pond = (_member(cast, slug) for slug in ("river", "lake", "pond"))
    for city, before, after in (
        (cast.harbour, "1", "3"),
        (cast.hillside, "1", "2"),
        (river, "1", "1"),
        (lake, "2", "1"),
    ):
        _rounds_of(cast, city, before, after)
    signed_round(cast, "pond 2026", {"G1": ("4", "4")}, city=pond)
    today = datetime.date.today()
    _event(cast, "G1", [cast.harbour, cast.hillside], today - 100 * DAY)
    _event(cast, "E1", [], today - 50 * DAY)
    _event(cast, "E2", [cast.harbour], today + 10 * DAY)
    return {"river": river, "lake": lake, "pond": pond}


def _cohort_url(cast: Cast, framework: str = "") -> str:
    url = reverse("progress:cohort", args=[cast.network.slug, cast.cohort.pk])
    return url + (f"?framework={framework}" if framework else "")


def test_participants_and_other_cities_are_set_side_by_side(
    cast: Cast, client: Client, cohort_with_events: dict[str, City]
) -> None:
    client.force_login(cast.sam)

    response = client.get(_cohort_url(cast))

    comparison = response.context["comparison"]
    rows = {row.indicator.id: row for row in comparison.indicators}
    assert set(rows) == {"G1", "E1", "E2"}
    g1 = rows["G1"]
    assert {item.city.slug for item in g1.participating.compared} == {"harbour", "hillside"}
    assert (g1.participating.count, g1.participating.median) == (2, 1.5)
    assert (g1.others.count, g1.others.median) == (2, -0.5)
    assert (g1.participating.improved, g1.others.improved, g1.others.declined) == (2, 0, 1)
    assert [city.slug for city in comparison.without_earlier_round] == ["pond"]
    page = response.content.decode()
    assert "A comparison, not an effect." in page
    assert "Median change 1.50 over 2 cities" in page


def test_an_empty_side_is_said_and_a_later_event_does_not_count(
    cast: Cast, client: Client, cohort_with_events: dict[str, City]
) -> None:
    client.force_login(cast.sam)

    response = client.get(_cohort_url(cast, "pilot@1.0.0"))

    rows = {row.indicator.id: row for row in response.context["comparison"].indicators}
    assert (rows["E1"].participating.count, rows["E1"].others.count) == (0, 0)
    assert rows["E1"].participating.median is None
    assert rows["E2"].participating.cities == ()  # Harbour's event starts after its sign-off
    assert "No city to compare." in response.content.decode()


def test_a_cohort_without_events_or_rounds_says_so(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    empty = client.get(_cohort_url(cast)).content.decode()
    _rounds_of(cast, cast.harbour, "1", "2")
    no_events = client.get(_cohort_url(cast)).content.decode()
    unknown = client.get(_cohort_url(cast, "pilot@9.9" + "9" * 300)).content.decode()

    assert "No city of this cohort has a signed-off round yet" in empty
    assert "No event of the network has targeted an indicator of this framework yet." in no_events
    assert "No signed-off round of this cohort is on that framework version." in unknown


def test_only_the_secretariat_sees_the_cohort_comparison(
    cast: Cast, client: Client, cohort_with_events: dict[str, City]
) -> None:
    statuses = {}
    for user in (cast.sam, cast.alice, cast.vera, cast.olga):
        client.force_login(user)
        statuses[user.username] = client.get(_cohort_url(cast)).status_code

    assert statuses == {"sam": 200, "alice": 404, "vera": 404, "olga": 404}


# -- queries ------------------------------------------------------------------------------------


def test_the_city_page_reads_a_fixed_number_of_queries(
    cast: Cast,
    client: Client,
    two_rounds: tuple[Round, Round],
    django_assert_max_num_queries: Any,
) -> None:
    """Session, person, city, roles, the city's rounds, each round's answers (three), and the
    header's count of unread notifications."""
    client.force_login(cast.alice)
    client.get(_url())

    with django_assert_max_num_queries(12):
        client.get(_url())


def test_more_events_and_participants_add_no_query_to_the_cohort_page(
    cast: Cast, client: Client, cohort_with_events: dict[str, City]
) -> None:
    """Events are read per targeted indicator with their participants, not per participant."""
    client.force_login(cast.sam)
    client.get(_cohort_url(cast))
    with CaptureQueriesContext(connection) as before:
        client.get(_cohort_url(cast))
    cities = [cast.harbour, cast.hillside, *cohort_with_events.values()]
    _event(cast, "G1", cities, datetime.date.today() - 20 * DAY)
    _event(cast, "E1", cities, datetime.date.today() - 30 * DAY)

    with CaptureQueriesContext(connection) as after:
        response = client.get(_cohort_url(cast))

    assert len(after.captured_queries) == len(before.captured_queries)
    rows = {row.indicator.id: row for row in response.context["comparison"].indicators}
    assert (len(rows["E1"].participating.cities), rows["E1"].others.cities) == (4, ())


def test_a_round_name_that_looks_like_a_formula_stays_text_in_the_workbook(
    cast: Cast, client: Client
) -> None:
    signed_round(cast, '=HYPERLINK("http://x")', BASELINE, days_ago=365)
    signed_round(cast, "@SUM(1)", {**BASELINE, "G2": "yes"})
    client.force_login(cast.alice)

    response = client.get(reverse("progress:city_xlsx", args=["harbour"]))

    book = load_workbook(io.BytesIO(response.content))
    names = [row[2] for row in book["rounds"].iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://x")', "'@SUM(1)"]


def test_the_page_speaks_japanese(
    cast: Cast, client: Client, two_rounds: tuple[Round, Round]
) -> None:
    client.force_login(cast.alice)

    page = client.get(_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "回次間の進捗" in page
    assert "地域の棚卸し" in page
    assert "改善" in page

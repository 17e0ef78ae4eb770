"""Peers and workshop planning: cities like you, who can help, peer groups and the planner.

Harbour City (the cast's) signs off a round weak on G1 and E1, asking for support there. Around
it the cohort holds Riverside (named, strong on both, with evidence), Lakeside (private, strong
on both), Seaside (anonymous, strong on both) and Hillside (named, middling). Only Riverside may
be proposed to Harbour City as a helper or a workshop host.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frameworkbuilders import build_framework, group, maturity
from stocktake import network as core
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    core_answers,
    open_round,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.background.models import Job
from stocktake_web.events.models import Event
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.network.domain import add_city, add_department, create_cohort
from stocktake_web.network.models import City, Cohort
from stocktake_web.screening.domain.planner import sent_topics
from stocktake_web.screening.domain.screenings import add_solution, create_screening
from stocktake_web.screening.models import Solution, SolutionKeyArea

from .conftest import Cast, _person
from .test_background_kinds import run_queued_tasks

Values = Mapping[str, tuple[str, str, frozenset[str]]]
"""indicator -> (value, evidence, kinds of support asked), all answered by the environment
department."""

WEAK: Values = {
    "G1": ("1", "", frozenset({"training"})),
    "E1": ("1", "", frozenset({"training", "finance"})),
    "E2": ("adopted", "Strategy 2024", frozenset()),
}
STRONG: Values = {
    "G1": ("4", "Coordination charter 2023", frozenset()),
    "E1": ("3", "Inventory report 2024", frozenset()),
    "E2": ("draft", "", frozenset()),
}
MIDDLING: Values = {
    "G1": ("2", "", frozenset({"training"})),
    "E1": ("2", "", frozenset({"finance"})),
}


def _sign_off(round: Round, values: Values, by: User, consent: str) -> Round:
    """Answer as the environment department, close answering and sign the round off."""
    city = round.city
    for indicator, (value, evidence, support) in values.items():
        answer = Answer.objects.get(
            assignment__round=round,
            assignment__indicator=indicator,
            assignment__department__slug="environment",
        )
        save_answer(
            answer=answer,
            user=by,
            base_version=0,
            content=AnswerContent(
                value=value, evidence=evidence, support=support, confidence="high", importance=4
            ),
        )
    for department in city.departments.all():
        submit_department(round=round, department=department, by=by)
    start_reconciliation(round=round)
    sign_off(round=round, by=by)
    Round.objects.filter(pk=round.pk).update(consent=consent)
    round.refresh_from_db()
    return round


def _member(cast: Cast, slug: str, name: str, values: Values, consent: str, **context: object):
    city = add_city(
        network=cast.network, slug=slug, name={"en": name}, country="TW", population=300_000
    )
    City.objects.filter(pk=city.pk).update(**context)
    for department in ("environment", "planning"):
        add_department(city=city, slug=department, name={"en": department.title()})
    cast.cohort.cities.add(city)
    coordinator = _person(f"{slug}-coordinator", Role.Kind.COORDINATOR, city=city)
    round = _opened(cast, city, coordinator)
    return _sign_off(round, values, coordinator, consent)


def _opened(cast: Cast, city: City, by: User) -> Round:
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    round = open_round(
        city=city,
        framework=cast.framework,
        name="2026",
        deadline=deadline,
        opened_by=by,
        reason="Runs beside the city's current round",
    )
    assign_indicators(round=round, by=by)
    return round


@pytest.fixture
def cohort(cast: Cast) -> Cast:
    """The cast's cohort with Harbour City and Hillside signed off and three more cities."""
    City.objects.filter(pk=cast.harbour.pk).update(region="East Asia", languages=["en", "zh-Hant"])
    City.objects.filter(pk=cast.hillside.pk).update(region="Europe", languages=["en"])
    _sign_off(cast.round, WEAK, cast.alice, Round.Consent.COHORT_NAMED)
    _sign_off(cast.hill_round, MIDDLING, cast.charlie, Round.Consent.COHORT_NAMED)
    _member(cast, "riverside", "Riverside", STRONG, Round.Consent.COHORT_NAMED,
            region="East Asia", languages=["en"])  # fmt: skip
    _member(cast, "lakeside", "Lakeside", STRONG, Round.Consent.PRIVATE,
            region="East Asia", languages=["en"])  # fmt: skip
    _member(cast, "seaside", "Seaside", STRONG, Round.Consent.COHORT_ANONYMOUS,
            region="East Asia", languages=["en"])  # fmt: skip
    return cast


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _peers_url(city: City) -> str:
    return reverse("peers:city", args=[city.slug])


def _groups_url(cast: Cast) -> str:
    return reverse("peers:groups", args=[cast.network.slug, cast.cohort.pk])


def _plan_url(cast: Cast) -> str:
    return reverse("peers:plan", args=[cast.network.slug, cast.cohort.pk])


# -- who may open the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 200), ("vera", 200), ("sam", 200), ("bob", 403), ("charlie", 404), ("olga", 404)],
)
def test_a_citys_peers_page_is_for_its_coordinator_viewers_and_secretariat(
    cast: Cast, person: str, status: int
) -> None:
    response = _client(getattr(cast, person)).get(_peers_url(cast.harbour))

    assert response.status_code == status


@pytest.mark.parametrize("page", ["groups", "plan"])
@pytest.mark.parametrize(("person", "status"), [("sam", 200), ("alice", 404), ("olga", 404)])
def test_the_cohort_planning_pages_are_for_the_secretariat_only(
    cast: Cast, page: str, person: str, status: int
) -> None:
    url = reverse(f"peers:{page}", args=[cast.network.slug, cast.cohort.pk])

    assert _client(getattr(cast, person)).get(url).status_code == status


def test_a_cohort_of_another_network_is_not_found(cast: Cast) -> None:
    url = reverse("peers:plan", args=["elsewhere", cast.cohort.pk])

    assert _client(cast.sam).get(url).status_code == 404


def test_recording_a_workshop_is_refused_to_a_city(cast: Cast) -> None:
    url = reverse("peers:record", args=[cast.network.slug, cast.cohort.pk])

    assert _client(cast.alice).post(url, {"topic": "G1"}).status_code == 404


def test_the_pages_ask_a_stranger_to_sign_in(cast: Cast) -> None:
    response = Client().get(_peers_url(cast.harbour))

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


# -- cities like you and who can help -----------------------------------------------------------


def test_who_can_help_names_only_cities_that_agreed_to_share(cohort: Cast) -> None:
    response = _client(cohort.alice).get(_peers_url(cohort.harbour))

    areas = {row.indicator.split()[0]: row for row in response.context["key_areas"]}
    assert set(areas) == {"G1", "E1"}
    assert [h.slug for h in areas["G1"].helpers] == ["riverside"]
    assert [h.slug for h in areas["E1"].helpers] == ["riverside"]
    page = response.content.decode()
    assert "Lakeside" not in page
    assert "Seaside" not in page
    assert "Coordination charter 2023" in page


def test_cities_like_you_lists_named_cities_only_with_reasons(cohort: Cast) -> None:
    response = _client(cohort.alice).get(_peers_url(cohort.harbour))

    rows = response.context["similar"]
    assert [row.name for row in rows] == ["Riverside", "Hillside"]
    assert "Same region: East Asia." in rows[0].reasons
    assert "Working languages in common: en." in rows[0].reasons


def test_the_secretariat_sees_a_citys_peers_as_the_city_does(cohort: Cast) -> None:
    page = _client(cohort.sam).get(_peers_url(cohort.harbour)).content.decode()

    assert "Riverside" in page
    assert "Lakeside" not in page


def test_a_strong_private_city_is_never_proposed_even_when_alone(cohort: Cast) -> None:
    Round.objects.filter(city__slug="riverside").update(consent=Round.Consent.PRIVATE)

    response = _client(cohort.alice).get(_peers_url(cohort.harbour))

    helpers = [h.slug for row in response.context["key_areas"] for h in row.helpers]
    assert helpers == []
    assert "No city that shares its results is strong here yet." in response.content.decode()


def test_the_weights_change_the_order_of_cities_like_you(cohort: Cast) -> None:
    City.objects.filter(slug="hillside").update(population=300_000, region="Europe")
    City.objects.filter(slug="riverside").update(population=3_000_000)
    client = _client(cohort.alice)
    query = "kind=0&population=10&region=0&languages=0&climate=0&economy=0"

    rows = client.get(f"{_peers_url(cohort.harbour)}?{query}").context["similar"]

    assert [row.name for row in rows] == ["Hillside", "Riverside"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("population=-1", "Ensure this value is greater than or equal to 0."),
        ("population=11", "Ensure this value is less than or equal to 10."),
        ("population=abc", "Enter a number."),
        ("population=nan", "Enter a number."),
        ("population=1e400", "Enter a number."),
        ("population=" + "9" * 5000, "Enter a number."),
        (
            "kind=0&population=0&region=0&languages=0&climate=0&economy=0",
            "Give at least one attribute a weight above zero.",
        ),
    ],
)
def test_bad_weights_give_a_form_error(cohort: Cast, query: str, message: str) -> None:
    response = _client(cohort.alice).get(f"{_peers_url(cohort.harbour)}?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "peers" not in response.context


def test_a_malformed_cohort_choice_falls_back_to_the_citys_cohort(cohort: Cast) -> None:
    response = _client(cohort.alice).get(f"{_peers_url(cohort.harbour)}?cohort=%00x")

    assert response.status_code == 200
    assert response.context["peers"].cohort == cohort.cohort


def test_a_city_without_a_signed_off_round_is_told_why(cast: Cast) -> None:
    page = _client(cast.alice).get(_peers_url(cast.harbour)).content.decode()

    assert "This city has no signed-off round yet" in page


def test_a_city_alone_in_its_cohort_is_told_why(cast: Cast) -> None:
    _sign_off(cast.round, WEAK, cast.alice, Round.Consent.COHORT_NAMED)

    page = _client(cast.alice).get(_peers_url(cast.harbour)).content.decode()

    assert "No other city of Community of practice has a signed-off round" in page


def test_a_city_in_no_cohort_is_told_why(cast: Cast) -> None:
    cast.cohort.cities.remove(cast.harbour)

    page = _client(cast.alice).get(_peers_url(cast.harbour)).content.decode()

    assert "This city belongs to no cohort yet" in page


# -- peer-learning groups -----------------------------------------------------------------------


def _groups_query(cast: Cast, **extra: str) -> dict[str, str]:
    return {"framework": str(cast.framework.pk), "size": "2", "shared_language": "on", **extra}


def _groups(client: Client, cast: Cast, **extra: str) -> HttpResponse:
    """Post the groups form, let the worker form them, and open the page that shows them."""
    posted = client.post(_groups_url(cast), _groups_query(cast, **extra))
    if posted.status_code != 302:
        return posted
    run_queued_tasks()
    return client.get(posted["Location"])


def test_the_groups_place_every_signed_off_city_with_pair_values(cohort: Cast) -> None:
    response = _groups(_client(cohort.sam), cohort)

    grouping = response.context["grouping"]
    placed = sorted(city for group in grouping.groups for city in group)
    assert placed == ["harbour", "hillside", "lakeside", "riverside", "seaside"]
    assert grouping.report.optimal
    page = response.content.decode()
    assert "Proven optimal" in page
    assert "can teach" in page


def test_the_groups_objective_is_the_cores(cohort: Cast) -> None:
    response = _groups(_client(cohort.sam), cohort)

    expected = core.peer_groups(_core_cohort(cohort.cohort, cohort), 2)
    assert response.context["grouping"].objective == expected.objective
    assert response.context["grouping"].groups == expected.groups


def test_the_groups_are_formed_in_the_background_and_shown_when_done(cohort: Cast) -> None:
    client = _client(cohort.sam)
    posted = client.post(_groups_url(cohort), _groups_query(cohort, size="3"))
    waiting = client.get(posted["Location"])

    run_queued_tasks()
    done = client.get(posted["Location"])

    assert "Forming the groups" in waiting.content.decode()
    assert "grouping" not in waiting.context
    assert waiting.context["form"]["size"].value() == 3
    assert sorted(len(group) for group in done.context["grouping"].groups) == [2, 3]


def test_a_second_click_while_forming_starts_no_second_job(cohort: Cast) -> None:
    client = _client(cohort.sam)

    first = client.post(_groups_url(cohort), _groups_query(cohort))
    second = client.post(_groups_url(cohort), _groups_query(cohort))

    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="cohort-peer-groups").count() == 1


@pytest.mark.parametrize("job", ["x", "-1", "9" * 40, "%00"])
def test_a_malformed_job_in_the_address_is_not_found(cohort: Cast, job: str) -> None:
    response = _client(cohort.sam).get(f"{_groups_url(cohort)}?job={job}")

    assert response.status_code == 404


def test_another_persons_groups_job_is_not_found(cohort: Cast) -> None:
    posted = _client(cohort.sam).post(_groups_url(cohort), _groups_query(cohort))
    colleague = _person("sue", Role.Kind.NETWORK_ADMIN, network=cohort.network)

    assert _client(colleague).get(posted["Location"]).status_code == 404


def test_pairs_that_must_meet_end_in_one_group(cohort: Cast) -> None:
    response = _groups(
        _client(cohort.sam), cohort, must_meet_1_a="harbour", must_meet_1_b="seaside"
    )

    grouping = response.context["grouping"]
    assert any({"harbour", "seaside"} <= set(group) for group in grouping.groups)
    assert response.context["form"]["must_meet_1_a"].value() == "harbour"


def test_contradicting_pairs_show_the_cores_sentence(cohort: Cast) -> None:
    response = _groups(
        _client(cohort.sam),
        cohort,
        must_meet_1_a="harbour",
        must_meet_1_b="riverside",
        must_not_meet_1_a="riverside",
        must_not_meet_1_b="harbour",
    )

    assert response.status_code == 200
    assert "grouping" not in response.context
    assert (
        "These groups cannot be formed: harbour and riverside are asked both to meet and not to "
        "meet; keep one of the two." in response.content.decode()
    )


def test_a_city_without_a_common_language_makes_groups_infeasible(cohort: Cast) -> None:
    City.objects.filter(slug="hillside").update(languages=["ja"])
    client = _client(cohort.sam)

    response = _groups(client, cohort)

    assert "These groups cannot be formed: hillside can share a group with only 0 other" in (
        response.content.decode()
    )
    Job.objects.all().delete()
    without = _groups(client, cohort, shared_language="")
    assert "grouping" in without.context


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"size": "1"}, "Ensure this value is greater than or equal to 2."),
        ({"size": "13"}, "Ensure this value is less than or equal to 12."),
        ({"size": "9" * 400}, "Ensure this value is less than or equal to 12."),
        ({"framework": "x"}, "Select a valid choice."),
        ({"must_meet_1_a": "harbour"}, "Choose both cities of the pair, or neither."),
        ({"must_meet_1_a": "harbour", "must_meet_1_b": "harbour"}, "Choose two different"),
        ({"must_meet_1_a": "nowhere", "must_meet_1_b": "harbour"}, "Select a valid choice."),
    ],
)
def test_bad_group_requests_give_a_form_error(
    cohort: Cast, extra: dict[str, str], message: str
) -> None:
    response = _groups(_client(cohort.sam), cohort, **extra)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_one_signed_off_city_cannot_be_grouped_and_says_why(cast: Cast) -> None:
    _sign_off(cast.round, WEAK, cast.alice, Round.Consent.PRIVATE)

    response = _groups(_client(cast.sam), cast)

    assert "need at least 2 cities, and the cohort has 1" in response.content.decode()


def test_a_cohort_without_signed_off_rounds_says_so(cast: Cast) -> None:
    for url in (_groups_url(cast), _plan_url(cast)):
        page = _client(cast.sam).get(url).content.decode()

        assert "No city of this cohort has signed off a round yet" in page


def test_an_empty_cohort_says_so(cast: Cast) -> None:
    empty = create_cohort(
        network=cast.network,
        name="Empty",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    url = reverse("peers:plan", args=[cast.network.slug, empty.pk])

    page = _client(cast.sam).get(url, {"framework": cast.framework.pk}).content.decode()

    assert "No city of this cohort has signed off a round yet" in page


# -- the workshop planner -----------------------------------------------------------------------


def _plan_query(cast: Cast, **extra: str) -> dict[str, str]:
    return {
        "framework": str(cast.framework.pk),
        "workshops": "1",
        "capacity": "5",
        "per_city": "1",
        **extra,
    }


def _core_cohort(group: Cohort, cast: Cast) -> core.Cohort:
    """The cohort built independently of the pages: every signed-off round, consent as stored."""
    rounds = Round.objects.filter(city__cohorts=group, state=Round.State.SIGNED_OFF)
    return core.Cohort.build(
        cast.framework.load(),
        {r.city.slug: core_answers(r) for r in rounds},
        [
            core.CityContext(
                r.city.slug,
                languages=tuple(r.city.languages),
                shares=r.consent in (Round.Consent.COHORT_NAMED, Round.Consent.PUBLIC_SUMMARY),
            )
            for r in rounds
        ],
    )


def test_the_plans_objective_is_the_cores(cohort: Cast) -> None:
    response = _client(cohort.sam).get(_plan_url(cohort), _plan_query(cohort))

    plan = response.context["plan"]
    expected = core.plan_workshops(_core_cohort(cohort.cohort, cohort), 1, capacity=5, per_city=1)
    assert plan.objective == expected.objective
    assert [w.host for w in plan.workshops] == ["riverside"]
    assert "Record as event" in response.content.decode()


def test_the_plan_serves_needs_of_private_cities_but_hosts_only_sharing_ones(cohort: Cast) -> None:
    Round.objects.filter(city__slug="hillside").update(consent=Round.Consent.PRIVATE)

    plan = _client(cohort.sam).get(_plan_url(cohort), _plan_query(cohort)).context["plan"]

    attending = {p.city for w in plan.workshops for p in w.participants}
    assert "hillside" in attending
    assert {w.host for w in plan.workshops} == {"riverside"}


def test_more_workshops_than_hosts_show_the_cores_sentence(cohort: Cast) -> None:
    response = _client(cohort.sam).get(_plan_url(cohort), _plan_query(cohort, workshops="2"))

    assert "plan" not in response.context
    assert "This plan cannot be made: only 1 workshop can be formed, not 2" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"workshops": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"workshops": "21"}, "Ensure this value is less than or equal to 20."),
        ({"capacity": "61"}, "Ensure this value is less than or equal to 60."),
        ({"per_city": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"per_city": "1.5"}, "Enter a whole number."),
    ],
)
def test_bad_plan_requests_give_a_form_error(
    cohort: Cast, extra: dict[str, str], message: str
) -> None:
    response = _client(cohort.sam).get(_plan_url(cohort), _plan_query(cohort, **extra))

    assert message in response.content.decode()
    assert "plan" not in response.context


# -- recording a planned workshop ---------------------------------------------------------------


def _record(client: Client, cast: Cast, **extra: str) -> HttpResponse:
    url = reverse("peers:record", args=[cast.network.slug, cast.cohort.pk])
    return client.post(url, {**_plan_query(cast), "start": "2026-03-10", **extra}, follow=True)


def test_recording_a_planned_workshop_twice_makes_one_event(cohort: Cast) -> None:
    client = _client(cohort.sam)
    topic = client.get(_plan_url(cohort), _plan_query(cohort)).context["plan"].workshops[0].topic

    first = _record(client, cohort, topic=topic)
    second = _record(client, cohort, topic=topic)

    events = Event.objects.filter(cohort=cohort.cohort)
    assert events.count() == 1
    event = events.get()
    assert (event.host_city.slug, event.indicators, event.start) == (
        "riverside", [topic], datetime.date(2026, 3, 10),
    )  # fmt: skip
    attending = set(event.participants.values_list("city__slug", flat=True))
    assert attending == {"harbour", "hillside"}
    assert "is recorded as an event" in first.content.decode()
    assert "is recorded as an event" in second.content.decode()
    assert second.redirect_chain[-1][0].startswith(_plan_url(cohort))


def test_recording_a_topic_outside_the_plan_records_nothing(cohort: Cast) -> None:
    response = _record(_client(cohort.sam), cohort, topic="E3")

    assert Event.objects.count() == 0
    assert "This workshop is no longer in the plan; plan again." in response.content.decode()


@pytest.mark.parametrize(
    "extra", [{"start": ""}, {"start": "2026-02-30"}, {"topic": ""}, {"workshops": "x"}]
)
def test_recording_without_a_valid_request_records_nothing(
    cohort: Cast, extra: dict[str, str]
) -> None:
    response = _record(_client(cohort.sam), cohort, **{"topic": "G1", **extra})

    assert response.status_code == 200
    assert Event.objects.count() == 0
    assert "Give the workshop a date to record it as an event." in response.content.decode()


def test_recording_needs_the_csrf_token(cohort: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cohort.sam)
    url = reverse("peers:record", args=[cohort.network.slug, cohort.cohort.pk])

    response = client.post(url, {**_plan_query(cohort), "topic": "G1", "start": "2026-03-10"})

    assert response.status_code == 403
    assert Event.objects.count() == 0


# -- links and languages ------------------------------------------------------------------------


def test_the_city_dashboard_links_to_its_peers(cast: Cast) -> None:
    page = _client(cast.alice).get(reverse("dashboards:city", args=["harbour"])).content.decode()

    assert f'href="{_peers_url(cast.harbour)}"' in page


def test_the_cohort_overview_links_to_groups_and_the_planner(cast: Cast) -> None:
    url = reverse("dashboards:cohort", args=[cast.network.slug, cast.cohort.pk])

    page = _client(cast.sam).get(url).content.decode()

    assert f'href="{_groups_url(cast)}"' in page
    assert f'href="{_plan_url(cast)}"' in page


def test_the_peers_page_speaks_japanese(cohort: Cast) -> None:
    client = _client(cohort.alice)
    client.cookies["django_language"] = "ja"

    page = client.get(_peers_url(cohort.harbour)).content.decode()

    assert "似ている都市" in page
    assert "同じ地域：East Asia。" in page
    assert "Riverside は G1 で 4 段階中レベル 4（Leading） です。" in page


def test_each_named_city_costs_the_peers_page_a_fixed_number_of_queries(cohort: Cast) -> None:
    client = _client(cohort.alice)
    client.get(_peers_url(cohort.harbour))  # the framework is parsed once per process
    with CaptureQueriesContext(connection) as before:
        client.get(_peers_url(cohort.harbour))
    _member(cohort, "bayside", "Bayside", STRONG, Round.Consent.PUBLIC_SUMMARY)
    _member(cohort, "cliffside", "Cliffside", STRONG, Round.Consent.PRIVATE)
    client.get(_peers_url(cohort.harbour))  # new roles: the session looks its time zone up again

    with CaptureQueriesContext(connection) as after:
        response = client.get(_peers_url(cohort.harbour))

    names = [row.name for row in response.context["similar"]]
    assert "Bayside" in names
    assert "Cliffside" not in names
    assert len(after) - len(before) == 3


def test_a_plan_for_one_signed_off_city_says_why_there_is_none(cast: Cast) -> None:
    _sign_off(cast.round, WEAK, cast.alice, Round.Consent.COHORT_NAMED)

    response = _client(cast.sam).get(_plan_url(cast), _plan_query(cast))

    assert "plan" not in response.context
    assert "This plan cannot be made: no workshop can be formed" in response.content.decode()


# -- key areas that city screenings sent to the planner --------------------------------------------


def _sent_screening(city: City, round: Round | None, indicator: str, by: User, *, send: bool):
    """A screening of ``city`` whose one candidate addresses ``indicator``, sent on if ``send``."""
    made = create_screening(city=city, title="Ideas", round=round, method="wsm", created_by=by)
    solution = add_solution(screening=made, name=f"Idea on {indicator}", key_areas=[])
    SolutionKeyArea.objects.create(solution=solution, indicator=indicator)
    if send:
        Solution.objects.filter(pk=solution.pk).update(chosen=True)
        made.sent_to_planner_at, made.sent_to_planner_by = timezone.now(), by
        made.save()
    return made


def test_a_planned_workshop_names_the_cities_whose_screenings_asked_for_it(cohort: Cast) -> None:
    client = _client(cohort.sam)
    planned = client.get(_plan_url(cohort), _plan_query(cohort)).context["plan"].workshops[0]
    other = next(i for i in ("G1", "E1") if i != planned.topic)
    riverside = City.objects.get(slug="riverside")
    other_framework = import_framework(
        framework=build_framework(
            [group("D", maturity(planned.topic))], id="elsewhere", title="Another framework"
        )
    )
    lakeside = City.objects.get(slug="lakeside")
    elsewhere = open_round(
        city=lakeside,
        framework=other_framework,
        name="Elsewhere 2026",
        deadline=datetime.date.today(),
        opened_by=cohort.sam,
    )
    _sent_screening(cohort.harbour, cohort.round, planned.topic, cohort.alice, send=True)
    _sent_screening(cohort.hillside, cohort.hill_round, other, cohort.charlie, send=True)
    _sent_screening(riverside, Round.objects.get(city=riverside), planned.topic, cohort.sam,
                    send=False)  # fmt: skip
    _sent_screening(lakeside, elsewhere, planned.topic, cohort.sam, send=True)

    page = client.get(_plan_url(cohort), _plan_query(cohort)).content.decode()

    workshop = page[page.index("<h2>Workshops</h2>") :]
    assert "Asked for by the screenings of: Harbour City</li>" in workshop
    sent = page[page.index('id="screening-topics"') : page.index("<h2>Workshops</h2>")]
    assert "Hillside" in sent and "Riverside" not in sent


def test_one_indicator_id_on_two_frameworks_is_two_topics(cohort: Cast) -> None:
    other_framework = import_framework(
        framework=build_framework([group("D", maturity("E1"))], id="elsewhere", title="Another")
    )
    elsewhere = open_round(
        city=cohort.harbour,
        framework=other_framework,
        name="Elsewhere 2026",
        deadline=datetime.date.today(),
        opened_by=cohort.alice,
        reason="Another framework beside the pilot",
    )
    _sent_screening(cohort.harbour, cohort.round, "E1", cohort.alice, send=True)
    _sent_screening(cohort.harbour, elsewhere, "E1", cohort.alice, send=True)

    topics = sent_topics(cohort.cohort)

    assert [(t.indicator, t.solutions) for t in topics] == [
        ("E1", ["Idea on E1"]),
        ("E1", ["Idea on E1"]),
    ]
    assert {t.screenings[0].round.framework.framework_id for t in topics} == {  # type: ignore[union-attr]
        cohort.framework.framework_id,
        "elsewhere",
    }

"""A session's results go where every round's go: the room's scores are the round's answers for
scores, key areas, sign-off (and so benchmarking), and the dashboard and the report show them
beside the departments' own answers, with the dissent recorded in the room."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    AnswerContent,
    compute_results,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.workshops.domain import (
    RoomScoreContent,
    open_session,
    record_attendance,
    record_dissent,
    save_room_score,
    start_session,
)
from stocktake_web.workshops.domain.sessions import Presence
from stocktake_web.workshops.models import Session

from .conftest import Cast
from .test_queries import CITY_DASHBOARD, CITY_DASHBOARD_KEPT

DISSENT = "The plan has no budget yet: level 1 at most."


@pytest.fixture
def workshop(cast: Cast) -> Session:
    """Both departments rated G1 highly beforehand; the room agreed on 0 after discussion, and
    the planning department dissented."""
    for answer, who in (
        (cast.answer("G1"), cast.bob),
        (cast.answer("G1", cast.planning), cast.bea),
    ):
        save_answer(answer=answer, user=who, base_version=0, content=AnswerContent(value="4"))
    session = open_session(round=cast.round, title="Resilience day", language="en", by=cast.alice)
    record_attendance(
        session=session, present=[Presence(cast.environment, 3), Presence(cast.planning, 2)]
    )
    start_session(session=session, by=cast.alice)
    for indicator, value in (("G1", "0"), ("E1", "3")):
        save_room_score(
            session=session,
            indicator=indicator,
            by=cast.alice,
            base_version=0,
            content=RoomScoreContent(value=value, evidence=f"Named for {indicator}"),
        )
    record_dissent(
        session=session, indicator="G1", department=cast.planning, view=DISSENT, by=cast.alice
    )
    return session


def test_the_rooms_score_wins_over_the_departments_answers_in_the_results(
    cast: Cast, workshop: Session
) -> None:
    results = compute_results(cast.round)

    g1 = results.consolidation.values["G1"]
    assert (g1.source, g1.value, g1.points) == ("reconciled", "0", 0.0)
    assert results.score.to_dict()["indicators"]["E1"]["points"] == 3.0
    assert "G1" in [priority.indicator for priority in results.priorities]


def test_departments_split_on_a_question_need_no_reconciling_once_the_room_agreed(
    cast: Cast, workshop: Session
) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="0")
    )
    assert "E1" not in compute_results(cast.round).consolidation.needs_reconciliation

    start_reconciliation(round=cast.round, by=cast.alice)
    record = sign_off(round=cast.round, by=cast.alice)

    assert record.results["indicators"]["G1"]["points"] == 0.0
    assert record.results["indicators"]["E1"]["points"] == 3.0


def test_the_dashboard_shows_the_rooms_scores_beside_the_departments_and_the_dissent(
    cast: Cast, client: Client, workshop: Session
) -> None:
    client.force_login(cast.vera)

    page = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()

    section = page[page.index('id="workshop"') :]
    assert "Workshop session: Resilience day" in section
    assert "2 departments present, 5 people" in section
    assert "0 · Not started" in section  # the room's score
    assert "Environment: 4 · Leading" in section  # a department's own answer
    assert "Named for G1" in section
    dissent = section[section.index('id="workshop-dissent"') :]
    assert f"Planning</strong>: {DISSENT}" in dissent


def test_a_coordinator_reconciling_afterwards_is_shown_as_such(
    cast: Cast, client: Client, workshop: Session
) -> None:
    start_reconciliation(round=cast.round, by=cast.alice)
    reconcile(round=cast.round, indicator="E1", value="2", reason="Checked", by=cast.alice)
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()

    row = page[page.index('id="workshop-E1"') :].split("</tr>")[0]
    assert "reconciled differently since" in row
    assert (
        "reconciled differently since"
        not in page[page.index('id="workshop-G1"') :].split("</tr>")[0]
    )


def test_the_report_has_the_workshop_section_in_html_and_pdf(
    cast: Cast, client: Client, workshop: Session
) -> None:
    client.force_login(cast.alice)

    html = client.get(reverse("reports:city_report", args=[cast.round.pk, "html"]))
    pdf = client.get(reverse("reports:city_report", args=[cast.round.pk, "pdf"]))

    text = html.content.decode()
    section = text[text.index('<h2 id="workshop">') :]
    assert "Workshop session: Resilience day" in section
    assert "Environment: 4 · Leading" in section
    assert f"Planning</strong>: {DISSENT}" in section[section.index("workshop-dissent") :]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_round_without_a_session_shows_no_workshop_section(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()
    report = client.get(reverse("reports:city_report", args=[cast.round.pk, "html"]))

    assert 'id="workshop"' not in page
    assert 'id="workshop"' not in report.content.decode()


# The session's results on the dashboard: the session, its attendance, scores, dissent, the
# departments' answers and the round's reconciliations; as many whatever the room recorded.
WORKSHOP_QUERIES = 5


@pytest.mark.parametrize("extra", [0, 4])
def test_the_dashboard_reads_a_session_in_a_fixed_number_of_queries(
    cast: Cast, client: Client, django_assert_num_queries: Any, workshop: Session, extra: int
) -> None:
    for n in range(extra):
        record_dissent(
            session=workshop,
            indicator="E1",
            department=cast.environment,
            view=f"View {n}",
            by=cast.alice,
        )
    client.force_login(cast.alice)
    url = reverse("dashboards:city", args=["harbour"])

    with django_assert_num_queries(CITY_DASHBOARD + WORKSHOP_QUERIES):
        client.get(url)
    with django_assert_num_queries(CITY_DASHBOARD_KEPT + WORKSHOP_QUERIES):
        client.get(url)

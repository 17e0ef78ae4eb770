"""Workshop sessions: the clock, the room's scores with versions and history, dissent, and the
room's screen as the coordinator runs it and the city's people follow it.

Alice (Harbour City's coordinator) facilitates; Bob and Bea, respondents of two departments,
follow on their tablets without changing anything.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stocktake_web.assessments.domain import (
    AnswerContent,
    WorkflowError,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.models import Reconciliation
from stocktake_web.workshops.domain import (
    RoomScoreContent,
    finish_session,
    move_to_question,
    open_session,
    pause_session,
    record_attendance,
    record_dissent,
    resolve_room_conflict,
    resume_session,
    save_room_score,
    start_session,
    withdraw_dissent,
)
from stocktake_web.workshops.domain.sessions import Presence
from stocktake_web.workshops.models import RoomScoreConflict, RoomScoreRevision, Session

from .conftest import Cast

T0 = datetime.datetime(2026, 5, 12, 9, 0, tzinfo=datetime.UTC)


def _minutes(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=n)


@pytest.fixture
def session(cast: Cast) -> Session:
    return open_session(round=cast.round, title="Resilience workshop", language="en", by=cast.alice)


@pytest.fixture
def running(cast: Cast, session: Session) -> Session:
    return start_session(session=session, by=cast.alice)


def _score(
    cast: Cast, session: Session, indicator: str, value: str, base: int = 0, **texts: str
) -> object:
    return save_room_score(
        session=session,
        indicator=indicator,
        by=cast.alice,
        base_version=base,
        content=RoomScoreContent(value=value, **texts),
    )


# -- the clock and the states ---------------------------------------------------------------------


def test_a_new_session_waits_on_the_first_question(session: Session) -> None:
    assert session.state == Session.State.NOT_STARTED
    assert session.current_indicator == "G1"
    assert session.elapsed_at() == 0


def test_pausing_keeps_the_time_run_and_resuming_counts_on_from_it(
    cast: Cast, session: Session
) -> None:
    start_session(session=session, by=cast.alice, now=_minutes(0))
    pause_session(session=session, by=cast.alice, now=_minutes(25))
    session.refresh_from_db()

    assert session.state == Session.State.PAUSED
    assert session.elapsed_seconds == 25 * 60
    assert session.elapsed_at(_minutes(90)) == 25 * 60  # the clock stands still during a break

    resume_session(session=session, by=cast.alice, now=_minutes(40))
    session.refresh_from_db()
    assert session.elapsed_at(_minutes(50)) == 35 * 60

    finish_session(session=session, by=cast.alice, now=_minutes(55))
    session.refresh_from_db()
    assert (session.state, session.elapsed_seconds) == (Session.State.FINISHED, 40 * 60)
    assert session.running_since is None


def test_a_second_click_on_a_step_is_refused_and_changes_nothing(
    cast: Cast, session: Session
) -> None:
    start_session(session=session, by=cast.alice, now=_minutes(0))
    pause_session(session=session, by=cast.alice, now=_minutes(10))

    with pytest.raises(WorkflowError, match="not running"):
        pause_session(session=session, by=cast.alice, now=_minutes(12))
    with pytest.raises(WorkflowError, match="already started"):
        start_session(session=session, by=cast.alice)
    session.refresh_from_db()
    assert session.elapsed_seconds == 10 * 60


def test_a_round_has_one_session(cast: Cast, session: Session) -> None:
    with pytest.raises(WorkflowError, match="already has a workshop session"):
        open_session(round=cast.round, title="Again", language="en", by=cast.alice)


def test_the_room_language_must_be_an_interface_language(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="language of the room"):
        open_session(round=cast.round, title="Workshop", language="fr", by=cast.alice)


def test_nothing_is_scored_before_the_start_or_after_the_finish(
    cast: Cast, session: Session
) -> None:
    with pytest.raises(WorkflowError, match="Start the workshop session"):
        _score(cast, session, "G1", "2")

    start_session(session=session, by=cast.alice)
    _score(cast, session, "G1", "2")
    finish_session(session=session, by=cast.alice)

    with pytest.raises(WorkflowError, match="finished"):
        _score(cast, session, "G1", "3", base=1)
    with pytest.raises(WorkflowError, match="finished"):
        record_dissent(
            session=session, indicator="G1", department=cast.planning, view="Too high", by=cast.bob
        )
    with pytest.raises(WorkflowError, match="finished"):
        move_to_question(session=session, indicator="E1")
    assert Reconciliation.objects.get(round=cast.round, indicator="G1").value == "2"


def test_the_room_may_correct_a_score_during_a_break(cast: Cast, running: Session) -> None:
    _score(cast, running, "G1", "2")
    pause_session(session=running, by=cast.alice)

    outcome = _score(cast, running, "G1", "3", base=1)

    assert outcome.saved  # type: ignore[attr-defined]


def test_a_signed_off_round_takes_no_workshop_change(cast: Cast, running: Session) -> None:
    start_reconciliation(round=cast.round, by=cast.alice)
    sign_off(round=cast.round, by=cast.alice)

    with pytest.raises(WorkflowError, match="signed off"):
        _score(cast, running, "G1", "2")
    with pytest.raises(WorkflowError, match="signed off"):
        pause_session(session=running, by=cast.alice)


# -- the room's score -----------------------------------------------------------------------------


def test_each_save_is_a_version_with_one_revision_per_changed_field(
    cast: Cast, running: Session
) -> None:
    _score(cast, running, "G1", "2")
    outcome = _score(cast, running, "G1", "3", base=1, evidence="Budget 2026, line 14")

    score = outcome.score  # type: ignore[attr-defined]
    assert (score.version, score.value, score.evidence) == (2, "3", "Budget 2026, line 14")
    rows = RoomScoreRevision.objects.filter(score=score).order_by("version", "field")
    assert [(row.version, row.field, row.old, row.new) for row in rows] == [
        (1, "value", "", "2"),
        (2, "evidence", "", "Budget 2026, line 14"),
        (2, "value", "2", "3"),
    ]


def test_a_stale_save_is_kept_as_a_conflict_never_written_over(
    cast: Cast, running: Session
) -> None:
    _score(cast, running, "G1", "2")
    _score(cast, running, "G1", "3", base=1)  # another screen

    outcome = _score(cast, running, "G1", "1", base=1, note="Typed on the tablet")

    assert not outcome.saved  # type: ignore[attr-defined]
    conflict = outcome.conflict  # type: ignore[attr-defined]
    assert conflict.proposed == {"value": "1", "evidence": "", "note": "Typed on the tablet"}
    assert conflict.stored["value"] == "3"
    assert Reconciliation.objects.get(round=cast.round, indicator="G1").value == "3"

    again = _score(cast, running, "G1", "1", base=1, note="Typed on the tablet")
    assert again.conflict == conflict  # type: ignore[attr-defined]


def test_keeping_the_version_not_saved_makes_it_the_score(cast: Cast, running: Session) -> None:
    _score(cast, running, "G1", "2")
    _score(cast, running, "G1", "3", base=1)
    conflict = _score(cast, running, "G1", "1", base=1).conflict  # type: ignore[attr-defined]

    outcome = resolve_room_conflict(conflict=conflict, by=cast.alice, keep="mine")

    assert outcome.saved and outcome.score.value == "1"
    conflict.refresh_from_db()
    assert conflict.resolution == RoomScoreConflict.Resolution.MINE
    assert Reconciliation.objects.get(round=cast.round, indicator="G1").value == "1"
    with pytest.raises(WorkflowError, match="already settled"):
        resolve_room_conflict(conflict=conflict, by=cast.alice, keep="theirs")


def test_a_value_that_does_not_fit_the_question_is_refused(cast: Cast, running: Session) -> None:
    with pytest.raises(WorkflowError):
        _score(cast, running, "G1", "9")


def test_the_rooms_score_becomes_the_rounds_reconciled_answer_naming_the_session(
    cast: Cast, running: Session
) -> None:
    _score(cast, running, "G1", "3")

    stored = Reconciliation.objects.get(round=cast.round, indicator="G1")
    assert stored.value == "3"
    assert stored.reason == "Agreed by the room in the workshop session “Resilience workshop”."
    assert stored.reconciled_by == cast.alice


def test_a_note_alone_leaves_the_reconciliation_as_it_was(cast: Cast, running: Session) -> None:
    _score(cast, running, "G1", "3")
    before = Reconciliation.objects.get(round=cast.round, indicator="G1").version

    _score(cast, running, "G1", "3", base=1, note="Everyone agreed quickly")

    assert Reconciliation.objects.get(round=cast.round, indicator="G1").version == before


def test_clearing_the_rooms_score_takes_back_its_reconciliation_only(
    cast: Cast, running: Session
) -> None:
    _score(cast, running, "G1", "3")
    _score(cast, running, "E1", "2")
    start_reconciliation(round=cast.round, by=cast.alice)
    reconcile(round=cast.round, indicator="E1", value="1", reason="Checked", by=cast.alice)

    _score(cast, running, "G1", "", base=1)
    _score(cast, running, "E1", "", base=1)

    assert not Reconciliation.objects.filter(round=cast.round, indicator="G1").exists()
    assert Reconciliation.objects.get(round=cast.round, indicator="E1").value == "1"


# -- attendance and dissent -----------------------------------------------------------------------


def test_attendance_lists_the_departments_present_and_their_people(
    cast: Cast, session: Session
) -> None:
    record_attendance(
        session=session,
        present=[Presence(cast.environment, 3, "Lin, Chen, Wu"), Presence(cast.planning, 2)],
    )
    rows = record_attendance(session=session, present=[Presence(cast.environment, 4)])

    assert [(row.department.slug, row.people, row.names) for row in rows] == [
        ("environment", 4, "")
    ]


def test_only_the_citys_departments_can_be_present(cast: Cast, session: Session) -> None:
    with pytest.raises(WorkflowError, match="departments of the round's city"):
        record_attendance(session=session, present=[Presence(cast.hill_environment, 1)])
    with pytest.raises(WorkflowError, match="between 1 and"):
        record_attendance(session=session, present=[Presence(cast.planning, 0)])


def test_dissent_is_recorded_once_and_kept_when_withdrawn(cast: Cast, running: Session) -> None:
    view = "The plan is not funded, so level 2 at most."
    first = record_dissent(
        session=running, indicator="G1", department=cast.planning, view=view, by=cast.alice
    )
    second = record_dissent(
        session=running, indicator="G1", department=cast.planning, view=view, by=cast.alice
    )
    assert first == second

    withdraw_dissent(dissent=first)

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    with pytest.raises(WorkflowError, match="departments of the round's city"):
        record_dissent(
            session=running,
            indicator="G1",
            department=cast.hill_environment,
            view=view,
            by=cast.alice,
        )


# -- the screen -----------------------------------------------------------------------------------


def _screen(session: Session, question: str = "") -> str:
    url = reverse("workshops:screen", args=[session.pk])
    return f"{url}?question={question}" if question else url


def test_the_coordinator_opens_a_session_from_the_round(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("workshops:round", args=[cast.round.pk])

    response = client.post(url, {"title": "Resilience day", "language": "zh-hant"})
    again = client.post(url, {"title": "Resilience day", "language": "zh-hant"})

    made = Session.objects.get(round=cast.round)
    assert response["Location"] == reverse("workshops:attendance", args=[made.pk])
    assert again["Location"] == reverse("workshops:screen", args=[made.pk])
    assert (made.title, made.language, made.facilitator) == (
        "Resilience day",
        "zh-hant",
        cast.alice,
    )


def test_the_screen_speaks_the_rooms_language_with_the_questions_levels(
    cast: Cast, client: Client, session: Session
) -> None:
    session.language = "zh-hant"
    session.save(update_fields=["language"])
    client.force_login(cast.alice)

    page = client.get(_screen(session)).content.decode()

    assert '<html lang="zh-hant">' in page
    assert "沒有協調。" in page  # G1's level 0 descriptor, in the room's language
    assert 'data-key="4"' in page


def test_the_screen_shows_the_departments_answers_beside_the_rooms_score(
    cast: Cast, client: Client, running: Session
) -> None:
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    _score(cast, running, "G1", "3")
    client.force_login(cast.bea)

    page = client.get(_screen(running, "G1")).content.decode()

    assert "Environment</strong>: 1 · Initial" in page
    assert 'value="3" data-key="3" checked' in page
    assert "data-autosave" not in page  # Bea follows; she does not score


def test_autosave_returns_the_new_version_and_the_progress(
    cast: Cast, client: Client, running: Session
) -> None:
    client.force_login(cast.alice)
    url = reverse("workshops:score", args=[running.pk, "G1"])

    response = client.post(
        url, {"base_version": "0", "value": "2", "evidence": "", "note": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response["X-Answer-Version"] == "1"
    assert "1 of 5" in response.content.decode()


def test_a_stale_autosave_says_so_and_keeps_both_versions(
    cast: Cast, client: Client, running: Session
) -> None:
    _score(cast, running, "G1", "2")
    client.force_login(cast.alice)
    url = reverse("workshops:score", args=[running.pk, "G1"])

    response = client.post(
        url, {"base_version": "0", "value": "4", "note": "From the tablet"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 409
    assert "X-Answer-Conflict" in response
    assert "Nothing was overwritten" in response.content.decode()
    page = client.get(_screen(running, "G1")).content.decode()
    assert "From the tablet" in page and "4 · Leading" in page


def test_moving_to_a_question_puts_it_on_every_screen(
    cast: Cast, client: Client, running: Session
) -> None:
    client.force_login(cast.alice)
    client.post(reverse("workshops:move", args=[running.pk]), {"indicator": "E2"})
    client.force_login(cast.bob)

    page = client.get(_screen(running)).content.decode()

    assert 'id="question-title"><span class="code">E2</span>' in page


def test_a_double_click_on_pause_pauses_once(cast: Cast, client: Client, running: Session) -> None:
    client.force_login(cast.alice)
    url = reverse("workshops:state", args=[running.pk])

    client.post(url, {"step": "pause"})
    second = client.post(url, {"step": "pause"}, follow=True)

    running.refresh_from_db()
    assert running.state == Session.State.PAUSED
    assert "not running, so it cannot pause" in second.content.decode()


def test_the_clock_goes_on_across_a_reload(cast: Cast, client: Client, running: Session) -> None:
    Session.objects.filter(pk=running.pk).update(
        running_since=timezone.now() - datetime.timedelta(minutes=61, seconds=5)
    )
    client.force_login(cast.alice)

    page = client.get(_screen(running)).content.decode()

    assert 'data-running="1"' in page
    assert "1:01:0" in page


def test_dissent_and_attendance_through_the_pages(
    cast: Cast, client: Client, running: Session
) -> None:
    client.force_login(cast.alice)
    client.post(
        reverse("workshops:attendance", args=[running.pk]),
        {
            "present-environment": "on",
            "people-environment": "3",
            "names-environment": "Lin, Chen, Wu",
            "present-planning": "on",
            "people-planning": "2",
        },
    )
    client.post(
        reverse("workshops:dissent", args=[running.pk, "G1"]),
        {"dissent-department": cast.planning.pk, "dissent-view": "Not funded yet."},
    )

    page = client.get(_screen(running, "G1")).content.decode()

    assert "2 departments present, 5 people" in page
    assert "Planning</strong>: Not funded yet." in page


def test_a_signed_off_rounds_screen_is_read_only_for_the_coordinator_too(
    cast: Cast, client: Client, running: Session
) -> None:
    _score(cast, running, "G1", "2")
    start_reconciliation(round=cast.round, by=cast.alice)
    sign_off(round=cast.round, by=cast.alice)
    client.force_login(cast.alice)

    page = client.get(_screen(running, "G1")).content.decode()

    assert "data-autosave" not in page
    assert 'id="pause"' not in page
    assert 'value="2" data-key="2" checked' in page

"""Every state change of a round made twice at once: one wins, the others are told why.

Two coordinators clicking "Sign off" at the same moment, or one double click, must never end in a
server error or in the step done twice. The threaded tests run ten calls (or ten requests, each
with its own database connection) released together by a barrier, on PostgreSQL, where they
really overlap (``--postgres``); the double submissions run on both databases.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    AnswerContent,
    WorkflowError,
    assign_indicators,
    open_round,
    reconcile,
    reopen_department,
    resolve_conflict,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
    unassign_indicators,
)
from stocktake_web.assessments.models import (
    Answer,
    AnswerRevision,
    Assignment,
    Conflict,
    DepartmentSubmission,
    Reconciliation,
    Round,
    SignOff,
)
from stocktake_web.network.models import City, Department

from .conftest import Cast
from .test_views import _disagree_on_g1 as disagree_on_g1

Done = TypeVar("Done")

TIMES = 10


def _together(call: Callable[[int], Done], times: int = TIMES) -> list[Done | WorkflowError]:
    """``call(n)`` for n in 0..times-1, each in its own thread and database connection, all
    released at once; a refusal is returned, any other exception fails the test."""
    start = threading.Barrier(times)

    def run(n: int) -> Done | WorkflowError:
        try:
            start.wait(timeout=30)
            return call(n)
        except WorkflowError as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(run, range(times)))


def _one_wins(results: list[Any], refusal: str) -> Any:
    """The one result that is not a refusal; every other one is refused with ``refusal``."""
    won = [result for result in results if not isinstance(result, WorkflowError)]
    refused = [str(result) for result in results if isinstance(result, WorkflowError)]
    assert len(won) == 1
    assert refused == [refusal] * (len(results) - 1)
    return won[0]


def _round(cast: Cast) -> Round:
    """The round read afresh, as each request reads it."""
    return Round.objects.with_framework().get(pk=cast.round.pk)


def _disagree_and_close(cast: Cast) -> None:
    disagree_on_g1(cast)
    start_reconciliation(round=cast.round)


def _stale_conflict(cast: Cast) -> Conflict:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="2"))
    outcome = save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )
    assert outcome.conflict is not None
    return outcome.conflict


# -- ten at once, in the domain (PostgreSQL) -------------------------------------------------------


@pytest.mark.postgres
def test_ten_simultaneous_sign_offs_store_one(transactional_db: None, cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    results = _together(lambda n: sign_off(round=_round(cast), by=cast.alice))

    record = _one_wins(results, "This round is already signed off.")
    assert isinstance(record, SignOff)
    assert SignOff.objects.count() == 1
    assert Round.objects.get(pk=cast.round.pk).state == Round.State.SIGNED_OFF


@pytest.mark.postgres
def test_ten_simultaneous_closings_close_once(transactional_db: None, cast: Cast) -> None:
    results = _together(lambda n: start_reconciliation(round=_round(cast)))

    _one_wins(results, "Answering is already closed for this round.")
    assert Round.objects.get(pk=cast.round.pk).state == Round.State.RECONCILING


@pytest.mark.postgres
def test_ten_simultaneous_openings_of_one_round_open_one(
    transactional_db: None, cast: Cast
) -> None:
    deadline = datetime.date.today() + datetime.timedelta(days=30)

    results = _together(
        lambda n: open_round(
            city=City.objects.get(pk=cast.harbour.pk),
            framework=cast.framework,
            name="2030",
            deadline=deadline,
            opened_by=cast.alice,
            reason="Runs beside the city's current round",
        )
    )

    _one_wins(results, "Harbour City already has a round named “2030”; choose another name.")
    assert Round.objects.filter(city=cast.harbour, name="2030").count() == 1


@pytest.mark.postgres
def test_ten_simultaneous_submissions_submit_once(transactional_db: None, cast: Cast) -> None:
    results = _together(
        lambda n: submit_department(
            round=_round(cast),
            department=Department.objects.get(pk=cast.environment.pk),
            by=cast.bob,
        )
    )

    _one_wins(results, "This department has already submitted its answers.")
    assert DepartmentSubmission.objects.count() == 1


@pytest.mark.postgres
def test_ten_simultaneous_reopenings_reopen_once(transactional_db: None, cast: Cast) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    results = _together(
        lambda n: reopen_department(
            round=_round(cast), department=Department.objects.get(pk=cast.environment.pk)
        )
    )

    _one_wins(results, "This department's answers are already open for changes.")
    assert not DepartmentSubmission.objects.exists()


@pytest.mark.postgres
def test_ten_simultaneous_assignments_of_the_same_pairs_assign_them_once(
    transactional_db: None, cast: Cast
) -> None:
    pairs = [("E3", cast.environment), ("E3", cast.planning)]

    results = _together(lambda n: assign_indicators(round=_round(cast), by=cast.alice, pairs=pairs))

    assert sorted(len(created) for created in results) == [0] * (TIMES - 1) + [2]  # type: ignore[arg-type]
    assert Assignment.objects.filter(round=cast.round, indicator="E3").count() == 2
    assert Answer.objects.filter(assignment__indicator="E3").count() == 2


@pytest.mark.postgres
def test_ten_simultaneous_takings_back_take_back_once(transactional_db: None, cast: Cast) -> None:
    pairs = [("E2", cast.environment)]

    results = _together(lambda n: unassign_indicators(round=_round(cast), pairs=pairs))

    assert sorted(results) == [0] * (TIMES - 1) + [1]  # type: ignore[type-var]
    assert not Assignment.objects.filter(round=cast.round, indicator="E2").exists()


@pytest.mark.postgres
def test_ten_simultaneous_reconciliations_from_one_page_keep_one(
    transactional_db: None, cast: Cast
) -> None:
    _disagree_and_close(cast)
    values = ["0", "1", "2", "3", "4"] * 2

    results = _together(
        lambda n: reconcile(
            round=_round(cast),
            indicator="G1",
            value=values[n],
            reason=f"Reason {n}",
            by=cast.alice,
            base_version=0,
        )
    )

    kept = _one_wins(
        results,
        "G1 was reconciled while this page was open (by someone else, or by a second click); "
        "the page now shows that answer. Reconcile again if it should change.",
    )
    stored = Reconciliation.objects.get()
    assert (stored.value, stored.reason, stored.version) == (kept.value, kept.reason, 1)


@pytest.mark.postgres
def test_ten_simultaneous_settlements_of_a_conflict_settle_it_once(
    transactional_db: None, cast: Cast
) -> None:
    conflict = _stale_conflict(cast)

    results = _together(
        lambda n: resolve_conflict(
            conflict=Conflict.objects.get(pk=conflict.pk),
            by=cast.bob,
            keep="mine" if n % 2 else "theirs",
        )
    )

    _one_wins(results, "This conflict is already settled.")
    answer = Answer.objects.get(pk=conflict.answer_id)
    conflict.refresh_from_db()
    assert conflict.resolution in ("mine", "theirs")
    assert (answer.value, answer.version) == (
        ("3", 2) if conflict.resolution == "mine" else ("2", 1)
    )


@pytest.mark.postgres
def test_ten_simultaneous_stale_saves_of_one_person_leave_one_open_conflict(
    transactional_db: None, cast: Cast
) -> None:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.alice, base_version=0, content=AnswerContent(value="1"))

    results = _together(
        lambda n: save_answer(
            answer=answer,
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value="2", evidence=f"Stale edit {n}"),
        )
    )

    assert [outcome.saved for outcome in results] == [False] * TIMES  # type: ignore[union-attr]
    assert Conflict.objects.filter(answer=answer, resolution="").count() == 1
    assert Conflict.objects.filter(answer=answer).count() == TIMES


WRITERS = 50


@pytest.mark.postgres
def test_no_acknowledged_save_is_lost_among_fifty_simultaneous_writers(
    transactional_db: None, cast: Cast
) -> None:
    """Fifty pages saving one answer at once, each trying again from the newest version when
    refused (five tries at most): every save acknowledged is in the history once, versions
    follow each other without a gap, and the answer holds the last one."""
    answer = cast.answer("E1")

    def write(n: int) -> str | None:
        for attempt in range(5):
            current = Answer.objects.get(pk=answer.pk)
            text = f"Writer {n}, try {attempt}"
            outcome = save_answer(
                answer=current,
                user=cast.bob,
                base_version=current.version,
                content=AnswerContent(value="2", evidence=text),
            )
            if outcome.saved:
                return text
        return None

    written = _together(write, WRITERS)

    acknowledged = [text for text in written if isinstance(text, str)]
    history = AnswerRevision.objects.filter(answer=answer, field="evidence").order_by("version")
    answer.refresh_from_db()
    assert sorted(history.values_list("new", flat=True)) == sorted(acknowledged)
    assert list(history.values_list("version", flat=True)) == list(range(1, len(acknowledged) + 1))
    assert answer.version == len(acknowledged)
    assert answer.evidence == history.last().new  # type: ignore[union-attr]
    # Each refusal means someone else's save went in: a writer refused five times saw five.
    assert len(acknowledged) == WRITERS or len(acknowledged) >= 5


# -- ten requests at once (PostgreSQL) -------------------------------------------------------------


def _signed_in_clients(cast: Cast, person: str) -> list[Client]:
    clients = [Client() for _n in range(TIMES)]
    for client in clients:
        client.force_login(getattr(cast, person))
    return clients


@pytest.mark.postgres
def test_ten_simultaneous_sign_off_requests_sign_off_once_and_tell_the_others(
    transactional_db: None, cast: Cast
) -> None:
    start_reconciliation(round=cast.round)
    clients = _signed_in_clients(cast, "alice")
    url = reverse("assessments:sign_off", args=[cast.round.pk])

    responses = _together(lambda n: clients[n].post(url, {"confirmed": "1"}))

    places = [response["Location"] for response in responses]  # type: ignore[index]
    round_page = reverse("assessments:round", args=[cast.round.pk])
    results = reverse("dashboards:city", args=["harbour"]) + f"?round={cast.round.pk}"
    assert sorted(places) == [results] + [round_page] * (TIMES - 1)
    told = [clients[n].get(round_page).content.decode() for n in range(TIMES)]
    assert sum("This round is already signed off." in page for page in told) == TIMES - 1
    assert SignOff.objects.count() == 1


@pytest.mark.postgres
def test_ten_simultaneous_reconcile_requests_keep_one_and_tell_the_others(
    transactional_db: None, cast: Cast
) -> None:
    _disagree_and_close(cast)
    clients = _signed_in_clients(cast, "alice")
    url = reverse("assessments:reconcile", args=[cast.round.pk, "G1"])

    responses = _together(
        lambda n: clients[n].post(
            url,
            {"r-G1-value": str(n % 5), "r-G1-reason": f"Reason {n}", "r-G1-base_version": "0"},
            follow=True,
        )
    )

    pages = [response.content.decode() for response in responses]  # type: ignore[union-attr]
    assert sum("G1 is reconciled." in page for page in pages) == 1
    assert sum("G1 was reconciled while this page was open" in page for page in pages) == 9
    assert Reconciliation.objects.count() == 1


# -- double submissions (both databases) -----------------------------------------------------------


def _twice(client: Client, url: str, data: dict[str, Any] | None = None) -> tuple[str, str]:
    first = client.post(url, data or {}, follow=True)
    second = client.post(url, data or {}, follow=True)
    assert (first.status_code, second.status_code) == (200, 200)
    return first.content.decode(), second.content.decode()


def test_a_double_click_on_sign_off_signs_off_once(cast: Cast, client: Client) -> None:
    start_reconciliation(round=cast.round)
    client.force_login(cast.alice)

    first, second = _twice(
        client, reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1"}
    )

    assert "The round is signed off; its results are stored." in first
    assert "This round is already signed off." in second
    assert SignOff.objects.count() == 1


def test_a_double_click_on_close_answering_closes_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    first, second = _twice(
        client, reverse("assessments:close", args=[cast.round.pk]), {"confirmed": "1"}
    )

    assert "Answering is closed; reconcile the disagreements." in first
    assert "Answering is already closed for this round." in second


def test_a_double_click_on_open_round_opens_one(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    data = {
        "framework": cast.framework.pk,
        "name": "2030",
        "deadline": "2099-01-31",
        "reason": "The 2025 round is kept for its late departments",
    }

    first, second = _twice(client, reverse("assessments:open_round", args=["harbour"]), data)

    assert "The round is open." in first
    assert "Harbour City already has a round named “2030”; choose another name." in second
    assert Round.objects.filter(name="2030").count() == 1


def test_a_double_click_on_submit_submits_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    first, second = _twice(
        client, reverse("assessments:submit", args=[cast.round.pk, "environment"])
    )

    assert "Your department&#x27;s answers are submitted." in first
    assert "This department has already submitted its answers." in second
    assert DepartmentSubmission.objects.count() == 1


def test_a_double_click_on_reopen_reopens_once(cast: Cast, client: Client) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    client.force_login(cast.alice)

    first, second = _twice(
        client, reverse("assessments:reopen", args=[cast.round.pk, "environment"])
    )

    assert "The department can change its answers again." in first
    assert "This department&#x27;s answers are already open for changes." in second


def test_a_double_click_on_reconcile_keeps_the_first_and_says_so(
    cast: Cast, client: Client
) -> None:
    _disagree_and_close(cast)
    client.force_login(cast.alice)
    data = {"r-G1-value": "2", "r-G1-reason": "Agreed", "r-G1-base_version": "0"}

    first, second = _twice(
        client, reverse("assessments:reconcile", args=[cast.round.pk, "G1"]), data
    )

    assert "G1 is reconciled." in first
    assert "G1 was reconciled while this page was open" in second
    assert Reconciliation.objects.get().version == 1


def test_reconciling_again_from_the_page_that_shows_the_reconciliation_replaces_it(
    cast: Cast, client: Client
) -> None:
    _disagree_and_close(cast)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    client.force_login(cast.alice)
    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()
    assert 'name="r-G1-base_version" value="1"' in page

    client.post(
        reverse("assessments:reconcile", args=[cast.round.pk, "G1"]),
        {"r-G1-value": "3", "r-G1-reason": "New evidence", "r-G1-base_version": "1"},
    )

    stored = Reconciliation.objects.get()
    assert (stored.value, stored.reason, stored.version) == ("3", "New evidence", 2)


def test_a_double_click_on_keeping_a_version_settles_the_conflict_once(
    cast: Cast, client: Client
) -> None:
    conflict = _stale_conflict(cast)
    client.force_login(cast.bob)

    first, second = _twice(
        client, reverse("assessments:resolve", args=[conflict.pk]), {"keep": "mine"}
    )

    assert "The conflict is settled." in first
    assert "This conflict is already settled." in second
    answer = Answer.objects.get(pk=conflict.answer_id)
    assert (answer.value, answer.version) == ("3", 2)


def test_a_double_click_on_save_assignments_adds_them_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    data = {
        "assign": [
            *("G1:planning", "G1:environment", "G2:planning"),
            *("E1:environment", "E2:environment", "E3:environment"),
        ],
        "shown_indicator": ["G1", "G2", "E1", "E2", "E3"],
        "shown_department": ["environment", "planning"],
    }

    first, second = _twice(client, reverse("assessments:assign", args=[cast.round.pk]), data)

    assert "1 assignment added, 0 taken back." in first
    assert "0 assignments added, 0 taken back." in second
    assert Assignment.objects.filter(round=cast.round, indicator="E3").count() == 1

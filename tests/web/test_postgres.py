"""What only a real PostgreSQL server shows: run by ``pytest --postgres`` (``make test`` does)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import AnswerContent, SaveOutcome, save_answer
from stocktake_web.assessments.models import Answer, AnswerRevision, Conflict

from .conftest import Cast

pytestmark = pytest.mark.postgres


def test_the_postgres_run_talks_to_a_postgresql_server(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert int(version) >= 140000


def _save_together(answer: Answer, edits: list[tuple[User, str]]) -> list[SaveOutcome]:
    """Each edit saved from its own thread and connection, all starting from version 0."""
    start = threading.Barrier(len(edits))

    def save(edit: tuple[User, str]) -> SaveOutcome:
        user, value = edit
        try:
            start.wait(timeout=10)
            return save_answer(
                answer=answer, user=user, base_version=0, content=AnswerContent(value=value)
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(edits)) as pool:
        return list(pool.map(save, edits))


def test_simultaneous_saves_of_one_answer_keep_one_and_hold_the_other_as_a_conflict(
    transactional_db: None, cast: Cast
) -> None:
    answer = cast.answer("E1")

    outcomes = _save_together(answer, [(cast.bob, "2"), (cast.alice, "3")])

    answer.refresh_from_db()
    conflict = Conflict.objects.get(answer=answer)
    assert sorted(outcome.saved for outcome in outcomes) == [False, True]
    assert answer.version == 1
    assert {answer.value, conflict.proposed["value"]} == {"2", "3"}
    assert conflict.stored["value"] == answer.value
    assert AnswerRevision.objects.filter(answer=answer).count() == 1

"""Saving answers in batches records exactly what saving each one alone records.

The batch is the fast path (the demonstration network seeds tens of thousands of answers with
it); ``save_answer`` is the plain one. Each comparison runs the same edits through both, on two
cities' environment departments that start alike.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    AnswerEdit,
    DepartmentSubmittedError,
    InvalidAnswerError,
    save_answer,
    save_answers,
    submit_department,
)
from stocktake_web.assessments.domain.answers import snapshot
from stocktake_web.assessments.models import Answer, AnswerRevision, Conflict
from stocktake_web.network.models import Department

from .conftest import Cast

VALUES = {
    "G1": ["", "0", "2", "4"],
    "E1": ["", "1", "3"],
    "E2": ["", "none", "adopted"],
}
INDICATORS = tuple(VALUES)


@st.composite
def _edit(draw: st.DrawFn, indicator: str) -> tuple[AnswerContent, bool]:
    """Content for one indicator (blank, padded, with or without support) and whether the edit
    started from a version the answer has moved on from."""
    content = AnswerContent(
        value=draw(st.sampled_from(VALUES[indicator])),
        evidence=draw(st.sampled_from(["", "Inventory 2023", "  Council minutes  "])),
        confidence=draw(st.sampled_from(["", "low", "high"])),
        importance=draw(st.none() | st.integers(1, 5)),
        support=draw(st.frozensets(st.sampled_from(["training", "finance"]))),
        comment=draw(st.sampled_from(["", "checked"])),
    )
    return content, draw(st.booleans())


EDITS = st.tuples(*(_edit(indicator) for indicator in INDICATORS))
BEFORE = AnswerContent(value="1", evidence="Earlier", support=frozenset({"finance"}))


def _answers(cast: Cast, department: Department) -> list[Answer]:
    return [cast.answer(indicator, department) for indicator in INDICATORS]


def _prepared(cast: Cast, department: Department, user: User) -> list[Answer]:
    """The department's three answers, each saved once already (version 1, a support kind)."""
    for answer in _answers(cast, department):
        content = dataclasses.replace(BEFORE, value=VALUES[answer.assignment.indicator][1])
        save_answer(answer=answer, user=user, base_version=0, content=content)
    return _answers(cast, department)


def _recorded(answer: Answer) -> tuple[Any, ...]:
    """Everything a save leaves behind for an answer, leaving out who saved it."""
    answer.refresh_from_db()
    revisions = AnswerRevision.objects.filter(answer=answer).order_by("version", "field")
    conflicts = Conflict.objects.filter(answer=answer).order_by("pk")
    return (
        snapshot(answer),
        answer.version,
        [(row.version, row.field, row.old, row.new) for row in revisions],
        [(row.base_version, row.stored_version, row.proposed, row.stored) for row in conflicts],
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_a_batch_records_what_saving_each_answer_alone_records(
    cast: Cast, edits: tuple[tuple[AnswerContent, bool], ...]
) -> None:
    with transaction.atomic():
        batched = _prepared(cast, cast.environment, cast.bob)
        alone = _prepared(cast, cast.hill_environment, cast.dora)

        outcomes = save_answers(
            user=cast.bob,
            edits=[
                AnswerEdit(answer, answer.version - stale, content)
                for answer, (content, stale) in zip(batched, edits, strict=True)
            ],
        )
        expected = [
            save_answer(
                answer=answer, user=cast.dora, base_version=answer.version - stale, content=content
            )
            for answer, (content, stale) in zip(alone, edits, strict=True)
        ]

        assert [(o.saved, o.changed) for o in outcomes] == [(o.saved, o.changed) for o in expected]
        assert [_recorded(a) for a in batched] == [_recorded(a) for a in alone]
        transaction.set_rollback(True)


def test_a_batch_takes_the_same_queries_however_many_answers_it_holds(cast: Cast) -> None:
    one, *others = _answers(cast, cast.environment)
    hill = _answers(cast, cast.hill_environment)
    content = AnswerContent(value="", evidence="Seen", support=frozenset({"training"}))

    with CaptureQueriesContext(connection) as single:
        save_answers(user=cast.bob, edits=[AnswerEdit(one, 0, content)])
    with CaptureQueriesContext(connection) as many:
        save_answers(
            user=cast.bob, edits=[AnswerEdit(answer, 0, content) for answer in others + hill]
        )

    assert len(many.captured_queries) == len(single.captured_queries)
    assert Answer.objects.filter(version=1).count() == 1 + len(others) + len(hill)


def test_an_answer_that_does_not_fit_saves_nothing_of_its_batch(cast: Cast) -> None:
    answers = _answers(cast, cast.environment)
    values = ["2", "3", "no such option"]

    with pytest.raises(InvalidAnswerError):
        save_answers(
            user=cast.bob,
            edits=[
                AnswerEdit(answer, 0, AnswerContent(value=value))
                for answer, value in zip(answers, values, strict=True)
            ],
        )

    assert not AnswerRevision.objects.exists()
    assert set(Answer.objects.values_list("version", flat=True)) == {0}


def test_a_batch_for_a_submitted_department_is_refused_whole(cast: Cast) -> None:
    open_answer = cast.answer("G1", cast.planning)
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    with pytest.raises(DepartmentSubmittedError):
        save_answers(
            user=cast.bob,
            edits=[
                AnswerEdit(open_answer, 0, AnswerContent(value="1")),
                AnswerEdit(cast.answer("E1"), 0, AnswerContent(value="1")),
            ],
        )

    open_answer.refresh_from_db()
    assert (open_answer.value, open_answer.version) == ("", 0)


def test_evidence_files_and_two_edits_of_one_answer_are_refused_before_reading(
    cast: Cast,
) -> None:
    answer = cast.answer("E1")
    upload = SimpleUploadedFile("inventory.pdf", b"%PDF-1.4 inventory")

    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(ValueError, match="no evidence files"):
            save_answers(user=cast.bob, edits=[AnswerEdit(answer, 0, AnswerContent(file=upload))])
        with pytest.raises(ValueError, match="each answer once"):
            save_answers(
                user=cast.bob,
                edits=[
                    AnswerEdit(answer, 0, AnswerContent(value="1")),
                    AnswerEdit(answer, 0, AnswerContent(value="2")),
                ],
            )

    assert queries.captured_queries == []


def test_an_empty_batch_asks_the_database_nothing(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as queries:
        outcomes = save_answers(user=cast.bob, edits=[])

    assert outcomes == []
    assert [query["sql"] for query in queries.captured_queries] == []

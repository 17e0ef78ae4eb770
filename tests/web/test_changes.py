"""Change markers move with what the pages show, and only with that: a respondent typing evidence
must not make every dashboard work out its scores again, and a dashboard must never show scores
older than the answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stocktake_web.assessments.domain import (
    AnswerContent,
    change_marker,
    progress_markers,
    reconcile,
    save_answer,
    start_reconciliation,
    submit_department,
    unassign_indicators,
)
from stocktake_web.assessments.models import Answer, Round

from .conftest import Cast


def _save(cast: Cast, indicator: str = "E1", **content: object) -> Answer:
    answer = cast.answer(indicator)
    base = {"value": answer.value, "evidence": answer.evidence, "comment": answer.comment}
    full = AnswerContent(**{**base, **content})  # type: ignore[arg-type]
    return save_answer(
        answer=answer, user=cast.bob, base_version=answer.version, content=full
    ).answer


def _progress(cast: Cast) -> tuple[object, ...]:
    return progress_markers([cast.round.pk])[cast.round.pk]


@pytest.fixture
def answered(cast: Cast) -> Cast:
    _save(cast, value="3", importance=4, support=frozenset({"training"}))
    return cast


QUIET: dict[str, Callable[[Cast], object]] = {
    "evidence": lambda cast: _save(
        cast, value="3", importance=4, support=frozenset({"training"}), evidence="Minutes of May"
    ),
    "comment": lambda cast: _save(
        cast, value="3", importance=4, support=frozenset({"training"}), comment="Asked planning"
    ),
    "link and confidence": lambda cast: _save(
        cast,
        value="3",
        importance=4,
        support=frozenset({"training"}),
        link="https://example.org/plan",
        confidence="high",
    ),
}

LOUD: dict[str, Callable[[Cast], object]] = {
    "value": lambda cast: _save(cast, value="1", importance=4, support=frozenset({"training"})),
    "importance": lambda cast: _save(
        cast, value="3", importance=2, support=frozenset({"training"})
    ),
    "support": lambda cast: _save(cast, value="3", importance=4, support=frozenset({"finance"})),
    "another answer": lambda cast: _save(cast, "E2", value="draft"),
    "submission": lambda cast: submit_department(
        round=cast.round, department=cast.environment, by=cast.bob
    ),
    "unassigned": lambda cast: unassign_indicators(
        round=cast.round, pairs=[("E2", cast.environment)]
    ),
}


@pytest.mark.parametrize("change", QUIET)
def test_the_dashboard_marker_ignores_what_the_dashboard_does_not_show(
    answered: Cast, change: str
) -> None:
    before = change_marker(answered.round)

    QUIET[change](answered)

    assert change_marker(answered.round) == before


@pytest.mark.parametrize("change", LOUD)
def test_the_dashboard_marker_moves_with_what_the_dashboard_shows(
    answered: Cast, change: str
) -> None:
    before = change_marker(answered.round)

    LOUD[change](answered)

    assert change_marker(answered.round) != before


def test_a_reconciliation_made_and_made_again_moves_the_dashboard_marker(answered: Cast) -> None:
    round = start_reconciliation(round=answered.round)
    markers = [change_marker(round)]

    reconcile(round=round, indicator="G1", value="2", reason="Agreed", by=answered.alice)
    markers.append(change_marker(round))
    reconcile(round=round, indicator="G1", value="3", reason="Better evidence", by=answered.alice)
    markers.append(change_marker(round))

    assert len(set(markers)) == 3


@pytest.mark.parametrize("change", [*QUIET, "value"])
def test_completion_ignores_saves_that_leave_the_answered_count(
    answered: Cast, change: str
) -> None:
    before = _progress(answered)

    {**QUIET, **LOUD}[change](answered)

    assert _progress(answered) == before


@pytest.mark.parametrize("change", ["another answer", "submission", "unassigned"])
def test_completion_moves_with_answers_given_submissions_and_assignments(
    answered: Cast, change: str
) -> None:
    before = _progress(answered)

    LOUD[change](answered)

    assert _progress(answered) != before


def test_clearing_an_answer_moves_completion(answered: Cast) -> None:
    before = _progress(answered)

    _save(answered, value="")

    assert _progress(answered) != before


def test_a_change_in_one_round_leaves_the_other_rounds_marker(answered: Cast) -> None:
    rounds = [answered.round.pk, answered.hill_round.pk]
    before = progress_markers(rounds)

    _save(answered, "E2", value="draft")
    after = progress_markers(rounds)

    assert after[answered.hill_round.pk] == before[answered.hill_round.pk]
    assert after[answered.round.pk] != before[answered.round.pk]
    assert Round.objects.filter(pk__in=rounds).count() == 2

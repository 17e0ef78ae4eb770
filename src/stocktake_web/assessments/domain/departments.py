"""A department's answers in a round, as its pages read them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from stocktake_web.assessments.models import Answer, Conflict, DepartmentSubmission, Round
from stocktake_web.network.models import Department


def department_answers(round: Round, department: Department) -> dict[str, Answer]:
    """Indicator id -> the department's answer in ``round``, with its assignment (one query)."""
    rows = Answer.objects.filter(assignment__round=round, assignment__department=department)
    return {row.assignment.indicator: row for row in rows.select_related("assignment")}


def answers_in_open_conflict(answers: Iterable[Answer]) -> set[int]:
    """Ids of those of ``answers`` with a conflict not yet settled (one query)."""
    rows = Conflict.objects.filter(answer__in=list(answers), resolution=Conflict.Resolution.OPEN)
    return set(rows.values_list("answer_id", flat=True))


def department_submission(round: Round, department: Department) -> DepartmentSubmission | None:
    return round.submissions.filter(department=department).first()


def department_completion(answer: Answer) -> tuple[int, int]:
    """(answered, assigned) of the answer's department in its round (one query)."""
    values = list(_siblings(answer).values_list("value", flat=True))
    return sum(1 for value in values if value.strip()), len(values)


def sibling_answers(answer: Answer) -> list[tuple[int, str, str]]:
    """(id, indicator id, value) of every answer of the answer's department in its round,
    itself included, in no particular order (one query)."""
    return list(_siblings(answer).values_list("pk", "assignment__indicator", "value"))


def _siblings(answer: Answer) -> QuerySet[Answer]:
    return Answer.objects.filter(
        assignment__round_id=answer.assignment.round_id,
        assignment__department_id=answer.assignment.department_id,
    )

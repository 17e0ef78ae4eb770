"""Telling people what happened in a round: one function per event, called where it happens.

Each function writes its notifications in the caller's transaction, so they exist exactly when
the change they tell of does, and e-mails them once that transaction has committed: a rolled
back change tells nobody anything, and a failing mail server never undoes the change (see
``delivery``). Nobody is told of what they did themselves, and a kind a person switched off
is neither listed nor e-mailed to them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.urls import reverse

from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import Answer, Assignment, Round
from stocktake_web.network.models import Department
from stocktake_web.notifications.domain.delivery import deliver
from stocktake_web.notifications.domain.recipients import (
    coordinators_of,
    readers_of,
    respondents_of,
)
from stocktake_web.notifications.models import Kind, Notification, SwitchedOff

_withheld: ContextVar[bool] = ContextVar("emails_withheld", default=False)


@contextmanager
def emails_withheld() -> Iterator[None]:
    """Write notifications without e-mailing them while the block runs: the demonstration data
    is built through the same steps as real rounds, and its fictional people are told in the
    application only (their notifications stay "being sent", and nothing sends them later)."""
    token = _withheld.set(True)
    try:
        yield
    finally:
        _withheld.reset(token)


def notify_assignment(*, assignments: Iterable[Assignment], by: User | None) -> list[Notification]:
    """Tell each department's respondents how many indicators a batch gave the department:
    one notification a person and department for the whole batch, never one an indicator."""
    batch = list(assignments)
    if not batch:
        return []
    counts = Counter(assignment.department_id for assignment in batch)
    departments = {assignment.department_id: assignment.department for assignment in batch}
    people = respondents_of(departments.values())
    made = []
    for department_id, count in counts.items():
        department = departments[department_id]
        made += _notify(
            Kind.ASSIGNMENT,
            people.get(department_id, []),
            round=batch[0].round,
            department=department,
            count=count,
            by=by,
            link=_department_page(batch[0].round, department),
        )
    return made


def notify_submission(*, round: Round, department: Department, by: User | None) -> None:
    """Tell the city's coordinators that a department declared its answers complete."""
    _notify(
        Kind.SUBMISSION,
        coordinators_of(round.city),
        round=round,
        department=department,
        by=by,
        link=reverse("assessments:round", args=[round.pk]),
    )


def notify_revision_requested(*, answer: Answer, requested_by: User, message: str) -> None:
    """Tell the respondents of the answer's department that the coordinator asks them to revise
    it, with the coordinator's message as written."""
    assignment = Assignment.objects.select_related("round__city", "department").get(
        pk=answer.assignment_id
    )
    _notify(
        Kind.REVISION_REQUESTED,
        respondents_of([assignment.department]).get(assignment.department_id, []),
        round=assignment.round,
        department=assignment.department,
        indicator=assignment.indicator,
        message=message,
        by=requested_by,
        link=reverse("assessments:answer", args=[answer.pk]),
    )


def notify_signed_off(*, round: Round, by: User | None) -> None:
    """Tell the city's coordinators and viewers (who read the results on the round's page) and
    the respondents of its departments (sent to their department's page)."""
    _notify(
        Kind.SIGNED_OFF,
        readers_of(round.city),
        round=round,
        by=by,
        link=reverse("assessments:round", args=[round.pk]),
    )
    departments = list(round.city.departments.all())
    people = respondents_of(departments)
    for department in departments:
        _notify(
            Kind.SIGNED_OFF,
            people.get(department.pk, []),
            round=round,
            department=department,
            by=by,
            link=_department_page(round, department),
        )


def notify_reminder(
    *, kind: Kind, round: Round, department: Department, people: Iterable[User], days: int | None
) -> list[Notification]:
    """A reminder of the deadline (``days`` before it) or of answers overdue, sent by no one."""
    return _notify(
        kind,
        people,
        round=round,
        department=department,
        count=days,
        by=None,
        link=_department_page(round, department),
    )


def _department_page(round: Round, department: Department) -> str:
    return reverse("assessments:department", args=[round.pk, department.slug])


def _notify(
    kind: Kind,
    people: Iterable[User],
    *,
    round: Round,
    link: str,
    by: User | None,
    department: Department | None = None,
    indicator: str = "",
    count: int | None = None,
    message: str = "",
) -> list[Notification]:
    """Write the notifications of ``kind`` for ``people`` and e-mail them after the commit."""
    wanted = {person.pk: person for person in people if by is None or person.pk != by.pk}
    switched_off = SwitchedOff.objects.filter(user_id__in=list(wanted), kind=kind)
    for user_id in switched_off.values_list("user_id", flat=True):
        del wanted[user_id]
    if not wanted:
        return []
    sender = (by.get_full_name() or by.get_username()) if by is not None else ""
    made = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            round=round,
            department=department,
            indicator=indicator,
            count=count,
            message=message,
            sender_name=sender[:150],
            link=link,
            email=Notification.Email.PENDING if person.email else Notification.Email.NO_ADDRESS,
        )
        for person in wanted.values()
    )
    emailed = [each.pk for each in made if each.email == Notification.Email.PENDING]
    if emailed and not _withheld.get():
        transaction.on_commit(partial(deliver, emailed), robust=True)
    return made

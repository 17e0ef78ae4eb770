"""Reminders of a round's deadline, to the departments that have not submitted their answers.

``send_reminders`` is run once a day (``manage.py send_reminders`` from cron, or its task). A
department is reminded once when the deadline is :setting:`STOCKTAKE_REMINDER_DAYS` days away or
fewer, and, once it has passed, the day after and then every :data:`OVERDUE_EVERY_DAYS` days
while the round is still open for answers. Each reminder is recorded for its round, department,
kind and day before anything is sent, under a unique constraint: a second run on the same day,
or a second machine running at the same moment, finds the record and sends nothing again.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from stocktake_web.assessments.models import Assignment, DepartmentSubmission, Round
from stocktake_web.network.models import Department
from stocktake_web.notifications.domain.recipients import respondents_of
from stocktake_web.notifications.domain.send import notify_reminder
from stocktake_web.notifications.models import Kind, ReminderSent

OVERDUE_EVERY_DAYS = 7
"""Days between two reminders of answers overdue: a weekly nudge, not a daily one."""


@dataclass(frozen=True)
class RemindersSent:
    """What a run did: the departments reminded (per kind) and the notifications written."""

    before_deadline: int
    overdue: int
    notifications: int


def send_reminders(
    *, today: datetime.date | None = None, days_before: int | None = None
) -> RemindersSent:
    """Remind every department of every open round that is due a reminder on ``today``.

    ``today`` defaults to the current date in each round's network's time zone, where its
    deadline is a day; ``days_before`` to :setting:`STOCKTAKE_REMINDER_DAYS`.
    """
    window = settings.STOCKTAKE_REMINDER_DAYS if days_before is None else days_before
    before = overdue = written = 0
    for round in _open_rounds():
        day = today or _local_today(round)
        for department in _departments_still_answering(round):
            kind = _due(round, department, day, window)
            if kind is None:
                continue
            made = _remind(round, department, kind, day)
            if made is None:
                continue
            written += made
            before += kind == Kind.REMINDER
            overdue += kind == Kind.OVERDUE
    return RemindersSent(before_deadline=before, overdue=overdue, notifications=written)


def _open_rounds() -> list[Round]:
    return list(
        Round.objects.filter(state=Round.State.OPEN).select_related("city__network").order_by("pk")
    )


def _local_today(round: Round) -> datetime.date:
    try:
        zone = zoneinfo.ZoneInfo(round.city.network.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localdate(timezone=zone)


def _departments_still_answering(round: Round) -> list[Department]:
    """Departments with indicators in the round that have not submitted their answers."""
    submitted = DepartmentSubmission.objects.filter(round=round).values("department_id")
    assigned = Assignment.objects.filter(round=round).exclude(department_id__in=submitted)
    return list(Department.objects.filter(pk__in=assigned.values("department_id")).order_by("slug"))


def _due(round: Round, department: Department, day: datetime.date, window: int) -> Kind | None:
    """The kind of reminder the department is due on ``day``, if any."""
    left = (round.deadline - day).days
    sent = ReminderSent.objects.filter(round=round, department=department)
    if 1 <= left <= window:
        return None if sent.filter(kind=Kind.REMINDER).exists() else Kind.REMINDER
    if left < 0:
        last = sent.filter(kind=Kind.OVERDUE).order_by("-sent_on").first()
        if last is None or (day - last.sent_on).days >= OVERDUE_EVERY_DAYS:
            return Kind.OVERDUE
    return None


def _remind(round: Round, department: Department, kind: Kind, day: datetime.date) -> int | None:
    """Record the reminder, then write its notifications; None when another run recorded it
    first (the record and the notifications commit together, or neither does)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(round=round, department=department, kind=kind, sent_on=day)
            people = respondents_of([department]).get(department.pk, [])
            days = (round.deadline - day).days if kind == Kind.REMINDER else None
            made = notify_reminder(
                kind=kind, round=round, department=department, people=people, days=days
            )
    except IntegrityError:
        return None
    return len(made)

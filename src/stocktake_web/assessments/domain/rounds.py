"""Opening a round, routing indicators to departments, and moving the round along."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round, refused_if_taken
from stocktake_web.assessments.domain.consequences import coverage_of
from stocktake_web.assessments.domain.errors import (
    RoundStateError,
    SecondRoundError,
    WorkflowError,
)
from stocktake_web.assessments.models import Answer, Assignment, DepartmentSubmission, Round
from stocktake_web.audit.domain import record_answering_reopened
from stocktake_web.audit.domain.events import (
    record_answering_closed,
    record_assignments_changed,
    record_round_opened,
)
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City, Department
from stocktake_web.notifications.domain.send import notify_assignment, notify_submission

Pair = tuple[str, Department]


def open_round(
    *,
    city: City,
    framework: FrameworkVersion,
    name: str,
    deadline: datetime.date,
    opened_by: User | None,
    opened_at: datetime.datetime | None = None,
    reason: str = "",
    training: bool = False,
) -> Round:
    """Open a round of ``city``'s assessment, pinned to this exact framework version.

    A city's rounds have different names, so that people can tell them apart; that is also what
    makes a double click on "Open the round" open one round, not two. A city runs one current
    round (neither signed off nor archived) of a framework at a time: a second one needs the
    coordinator's ``reason``, kept with the opening in the audit log
    (:class:`SecondRoundError` otherwise).

    A ``training`` round (a workshop exercise, a simulation) never counts as the city's result:
    it is not a current round of the city, so it neither needs a reason beside one nor makes
    a later round need one (see :mod:`~stocktake_web.assessments.domain.training`).
    """
    name = name.strip()
    if not name:
        raise WorkflowError(_("A round needs a name."))
    if not framework.open_to(city.network_id, city.pk):
        raise WorkflowError(
            _("%(key)s is another city's own framework version; choose one your city may use.")
            % {"key": framework.key}
        )
    taken = _("%(city)s already has a round named “%(name)s”; choose another name.") % {
        "city": localised(city.name),
        "name": name,
    }
    with transaction.atomic():
        City.objects.select_for_update().only("pk").get(pk=city.pk)
        if Round.objects.filter(city=city, name=name).exists():
            raise WorkflowError(taken)
        current = [] if training else current_rounds_of_framework(city=city, framework=framework)
        if current and not reason.strip():
            raise SecondRoundError(
                _(
                    "%(city)s already has a current round of this framework (“%(rounds)s”): "
                    "say why a second one is needed, or archive or sign off that round first."
                )
                % {"city": localised(city.name), "rounds": "”, “".join(current)}
            )
        with refused_if_taken(taken):
            opened = Round.objects.create(
                city=city,
                framework=framework,
                name=name,
                deadline=deadline,
                opened_by=opened_by,
                opened_at=opened_at or timezone.now(),
                is_training=training,
            )
        record_round_opened(round=opened, by=opened_by, reason=reason.strip() if current else "")
    return opened


def current_rounds_of_framework(*, city: City, framework: FrameworkVersion) -> list[str]:
    """Names of the city's counted rounds of the same framework (any version) that are neither
    signed off nor archived: the rounds a new one would run beside (a training round is never
    one of them)."""
    rows = Round.objects.current().counted()
    rows = rows.filter(city=city, framework__framework_id=framework.framework_id)
    rows = rows.exclude(state=Round.State.SIGNED_OFF).order_by("opened_at", "id")
    return list(rows.values_list("name", flat=True))


def _require_open(round: Round) -> None:
    if not round.is_open:
        raise RoundStateError(_("This round is no longer open for answers."))


def suggested_assignments(*, round: Round) -> list[Pair]:
    """The framework's suggested owners among the city's departments, in framework order.

    A department matches a suggestion when its slug is the framework's department id.
    Indicators whose suggested departments the city does not have are left for the coordinator.
    """
    departments = {dept.slug: dept for dept in round.city.departments.all()}
    return [
        (indicator.id, departments[owner])
        for indicator in round.framework.load().indicators()
        for owner in indicator.departments
        if owner in departments
    ]


def assign_indicators(
    *, round: Round, by: User | None, pairs: Iterable[Pair] | None = None
) -> list[Assignment]:
    """Route indicators to departments in bulk (default: the framework's suggestions).

    Pairs already assigned are skipped, also when someone assigned them a moment ago; each new
    assignment gets its blank answer (version 0), so that every later save is a versioned
    update. Returns the new assignments.
    """
    wanted = suggested_assignments(round=round) if pairs is None else list(pairs)
    known = {ind.id for ind in round.framework.load().indicators()}
    unknown = sorted({indicator for indicator, _dept in wanted} - known)
    if unknown:
        raise WorkflowError(
            _("These indicators are not in the round's framework: %(ids)s")
            % {"ids": ", ".join(unknown)}
        )
    if any(dept.city_id != round.city_id for _ind, dept in wanted):
        raise WorkflowError(_("Indicators can only go to departments of the round's city."))
    with transaction.atomic():
        _require_open(locked_round(round))
        existing = set(round.assignments.values_list("indicator", "department_id"))
        fresh = list(
            dict.fromkeys((ind, dept) for ind, dept in wanted if (ind, dept.pk) not in existing)
        )
        changed = _(
            "Someone changed the assignments at the same moment; check them below and save again."
        )
        with refused_if_taken(changed):
            created = Assignment.objects.bulk_create(
                Assignment(round=round, indicator=ind, department=dept, assigned_by=by)
                for ind, dept in fresh
            )
            Answer.objects.bulk_create(Answer(assignment=assignment) for assignment in created)
        if created:
            record_assignments_changed(round=round, by=by, added=len(created), removed=0)
        notify_assignment(assignments=created, by=by)
    return created


def unassign_indicators(*, round: Round, pairs: Iterable[Pair], by: User | None = None) -> int:
    """Take indicators back from departments; answered ones are kept. Returns how many went."""
    wanted = Q(pk__in=[])
    for indicator, department in pairs:
        wanted |= Q(indicator=indicator, department=department)
    with transaction.atomic():
        _require_open(locked_round(round))
        _total, by_model = Assignment.objects.filter(
            wanted, round=round, answer__version=0
        ).delete()
        removed = by_model.get(Assignment._meta.label, 0)
        if removed:
            record_assignments_changed(round=round, by=by, added=0, removed=removed)
    return removed


def submit_department(*, round: Round, department: Department, by: User) -> DepartmentSubmission:
    """Declare a department's answers complete; its answers are then read-only."""
    if department.city_id != round.city_id:
        raise WorkflowError(_("This department does not belong to the round's city."))
    submitted = _("This department has already submitted its answers.")
    with transaction.atomic():
        _require_open(locked_round(round))
        if DepartmentSubmission.objects.filter(round=round, department=department).exists():
            raise WorkflowError(submitted)
        with refused_if_taken(submitted):
            submission = DepartmentSubmission.objects.create(
                round=round, department=department, submitted_by=by
            )
        notify_submission(round=round, department=department, by=by)
    return submission


def reopen_department(*, round: Round, department: Department) -> None:
    """Let a department change its answers again after it submitted."""
    with transaction.atomic():
        _require_open(locked_round(round))
        removed, _by_model = DepartmentSubmission.objects.filter(
            round=round, department=department
        ).delete()
    if not removed:
        raise WorkflowError(_("This department's answers are already open for changes."))


STEP_REASON_MAX_LENGTH = 2000
"""Longest reason a coordinator may give for withdrawing a sign-off or reopening answering."""


def stated_reason(reason: str) -> str:
    """The reason for a step that undoes another, required and bounded: a later reader of the
    audit log needs it to trust the round's results."""
    reason = reason.strip()
    if not reason:
        raise WorkflowError(_("Say why: the reason is kept in the network's audit log."))
    if len(reason) > STEP_REASON_MAX_LENGTH:
        raise WorkflowError(
            _("The reason is too long: at most %(count)s characters.")
            % {"count": STEP_REASON_MAX_LENGTH}
        )
    return reason


def reopen_answering(*, round: Round, by: User, reason: str) -> Round:
    """Open a closed round for answers again (before sign-off), with a reason kept in the audit
    log. Reconciliations made meanwhile stay and still count when answering closes again."""
    reason = stated_reason(reason)
    with transaction.atomic():
        locked_round(round)
        if round.is_open:
            raise RoundStateError(_("This round is already open for answers."))
        if round.is_signed_off:
            raise RoundStateError(
                _("Withdraw the sign-off first: a signed-off round cannot reopen directly.")
            )
        round.state = Round.State.OPEN
        round.save(update_fields=["state"])
        record_answering_reopened(round=round, by=by, reason=reason)
    return round


def start_reconciliation(*, round: Round, by: User | None = None) -> Round:
    """Close answering: from now on only the coordinator changes the round's values.

    The coverage at that moment (indicators answered of those expected) is kept in the audit
    log, so a later reader knows what the round was closed on.
    """
    with transaction.atomic():
        locked_round(round)
        if round.state == Round.State.RECONCILING:
            raise RoundStateError(_("Answering is already closed for this round."))
        _require_open(round)
        round.state = Round.State.RECONCILING
        round.save(update_fields=["state"])
        coverage = coverage_of(round)
        record_answering_closed(
            round=round, by=by, answered=coverage.answered, expected=coverage.expected
        )
    return round

"""What the coordinator's round page reads: departments, assignments, disagreeing answers and
reconciliations, one query each."""

from __future__ import annotations

from collections.abc import Collection

from stocktake.frameworks import Indicator
from stocktake_web.assessments.models import Answer, Reconciliation, Round
from stocktake_web.network.models import Department


def city_departments(round: Round) -> list[Department]:
    """Every department of the round's city, by short name."""
    return list(round.city.departments.all())


def assigned_pairs(round: Round) -> set[tuple[str, int]]:
    """(indicator id, department id) of every assignment of ``round``."""
    return set(round.assignments.values_list("indicator", "department_id"))


def assignment_answered(round: Round) -> dict[tuple[str, int], bool]:
    """(indicator id, department id) -> whether the assignment's answer was ever saved (an
    answered assignment cannot be taken back)."""
    rows = round.assignments.values_list("indicator", "department_id", "answer__version")
    return {(indicator, dept_id): bool(version) for indicator, dept_id, version in rows}


def given_answers(round: Round, indicators: Collection[str]) -> list[Answer]:
    """The answers given (not empty) on ``indicators`` in ``round``, with their department,
    by department."""
    rows = Answer.objects.filter(assignment__round=round, assignment__indicator__in=indicators)
    rows = rows.exclude(value="").select_related("assignment__department")
    return list(rows.order_by("assignment__department__slug"))


def reconciliations_of(round: Round) -> dict[str, Reconciliation]:
    """Indicator id -> the round's reconciliation of it."""
    return {found.indicator: found for found in Reconciliation.objects.filter(round=round)}


def unassigned_indicators(round: Round) -> list[Indicator]:
    """The framework's indicators no department of the round answers, in framework order:
    nobody will answer them unless the coordinator assigns them (one query)."""
    assigned = set(round.assignments.values_list("indicator", flat=True))
    return [ind for ind in round.framework.load().indicators() if ind.id not in assigned]

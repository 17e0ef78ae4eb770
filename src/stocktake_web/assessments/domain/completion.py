"""How far each department has got: assigned, answered, submitted, overdue.

Counts come from a few aggregate queries whatever the number of departments or cities, so the
dashboards that show them stay at a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from stocktake_web.assessments.models import Assignment, DepartmentSubmission, Round
from stocktake_web.network.models import City, Department


@dataclass(frozen=True)
class DepartmentProgress:
    department: Department
    assigned: int
    answered: int
    submitted_at: datetime.datetime | None
    overdue: bool
    """Past the deadline, the round still open, and the department has not submitted."""

    @property
    def share(self) -> float:
        return self.answered / self.assigned if self.assigned else 0.0

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


def _counts(rounds: Iterable[Round]) -> dict[tuple[int, int], tuple[int, int]]:
    """(round id, department id) -> (assigned, answered), in one query."""
    rows = (
        Assignment.objects.filter(round__in=rounds)
        .values("round_id", "department_id")
        .annotate(assigned=Count("id"), answered=Count("id", filter=~Q(answer__value="")))
    )
    return {(r["round_id"], r["department_id"]): (r["assigned"], r["answered"]) for r in rows}


def _submissions(rounds: Iterable[Round]) -> dict[tuple[int, int], datetime.datetime]:
    rows = DepartmentSubmission.objects.filter(round__in=rounds).values_list(
        "round_id", "department_id", "submitted_at"
    )
    return {(round_id, dept_id): at for round_id, dept_id, at in rows}


def _progress(
    round: Round,
    departments: Iterable[Department],
    counts: dict[tuple[int, int], tuple[int, int]],
    submissions: dict[tuple[int, int], datetime.datetime],
    today: datetime.date,
) -> list[DepartmentProgress]:
    found = []
    for department in departments:
        assigned, answered = counts.get((round.pk, department.pk), (0, 0))
        if not assigned:
            continue
        submitted_at = submissions.get((round.pk, department.pk))
        overdue = round.is_overdue(today) and submitted_at is None
        found.append(DepartmentProgress(department, assigned, answered, submitted_at, overdue))
    return found


def department_progress(round: Round, *, today: datetime.date) -> list[DepartmentProgress]:
    """Progress of every department with indicators in ``round`` (three queries)."""
    departments = list(Department.objects.filter(city_id=round.city_id).order_by("slug"))
    return _progress(round, departments, _counts([round]), _submissions([round]), today)


@dataclass(frozen=True)
class CityStatus:
    """One city's line of the secretariat overview: its latest round and where it stands."""

    city: City
    round: Round | None
    departments: list[DepartmentProgress]

    @cached_property
    def assigned(self) -> int:
        return sum(item.assigned for item in self.departments)

    @cached_property
    def answered(self) -> int:
        return sum(item.answered for item in self.departments)

    @property
    def share(self) -> float:
        return self.answered / self.assigned if self.assigned else 0.0

    @cached_property
    def overdue(self) -> list[Department]:
        return [item.department for item in self.departments if item.overdue]


def cohort_status(cities: list[City], *, today: datetime.date) -> list[CityStatus]:
    """Each city with its latest round and progress (four queries, however many cities)."""
    latest: dict[int, Round] = {}
    rounds = Round.objects.filter(city__in=cities).with_framework()
    for candidate in rounds.order_by("city_id", "-opened_at", "-id"):
        latest.setdefault(candidate.city_id, candidate)
    counts = _counts(latest.values())
    submissions = _submissions(latest.values())
    departments: dict[int, list[Department]] = defaultdict(list)
    for department in Department.objects.filter(city__in=cities):
        departments[department.city_id].append(department)
    return [
        CityStatus(
            city=city,
            round=latest.get(city.pk),
            departments=(
                _progress(latest[city.pk], departments[city.pk], counts, submissions, today)
                if city.pk in latest
                else []
            ),
        )
        for city in cities
    ]

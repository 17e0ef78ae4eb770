"""How far each department has got: assigned, answered, submitted, overdue.

Counts come from a few aggregate queries whatever the number of departments or cities, so the
dashboards that show them stay at a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from stocktake_web.assessments.models import Assignment, DepartmentSubmission, Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Department


@dataclass(frozen=True)
class DepartmentProgress:
    department: Department
    assigned: int
    answered: int
    submitted_at: datetime.datetime | None
    overdue: bool
    """Past the deadline, the round still open, and the department has not submitted."""
    closed: bool = False
    """Answering is closed (or the round archived): a department that has not submitted
    never will, and is no longer overdue or in progress."""

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def state(self) -> str:
        """What is true of the department now: ``submitted``; ``not_submitted`` once answering
        is closed without its submission; ``overdue`` or ``in_progress`` while answering is
        open (``not_started`` before its first answer)."""
        if self.submitted:
            return "submitted"
        if self.closed:
            return "not_submitted"
        if self.overdue:
            return "overdue"
        return "in_progress" if self.answered else "not_started"


def _counts(rounds: Iterable[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """(round id, department id) -> (assigned, answered) for the rounds of these ids, in one
    query."""
    rows = (
        Assignment.objects.filter(round_id__in=list(rounds))
        .order_by()  # the model's ordering would join rounds, departments and cities
        .values("round_id", "department_id")
        .annotate(assigned=Count("id"), answered=Count("id", filter=~Q(answer__value="")))
    )
    return {(r["round_id"], r["department_id"]): (r["assigned"], r["answered"]) for r in rows}


def _submissions(rounds: Iterable[int]) -> dict[tuple[int, int], datetime.datetime]:
    rows = DepartmentSubmission.objects.filter(round_id__in=list(rounds)).values_list(
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
        found.append(
            DepartmentProgress(
                department, assigned, answered, submitted_at, overdue, closed=not round.is_open
            )
        )
    return found


def department_progress(round: Round, *, today: datetime.date) -> list[DepartmentProgress]:
    """Progress of every department with indicators in ``round`` (three queries)."""
    departments = list(Department.objects.filter(city_id=round.city_id).order_by("slug"))
    return _progress(round, departments, _counts([round.pk]), _submissions([round.pk]), today)


@dataclass(frozen=True)
class LatestRound:
    """What the secretariat's overview shows of a city's latest round, read as plain values:
    the overview lists fifty of them a page, and model instances cost more than the page."""

    pk: int
    name: str
    state: str
    deadline: datetime.date
    framework_key: str
    framework_title: dict[str, str]

    def is_overdue(self, today: datetime.date) -> bool:
        return Round.overdue_on(today, state=self.state, deadline=self.deadline)


@dataclass(frozen=True)
class CityStatus:
    """One city's line of the secretariat overview: its latest round and where it stands.

    ``overdue`` holds the overdue departments' names (language to text), in department order.
    """

    city: City
    round: LatestRound | None
    assigned: int = 0
    answered: int = 0
    overdue: tuple[dict[str, str], ...] = ()

    @property
    def share(self) -> float:
        return self.answered / self.assigned if self.assigned else 0.0


def latest_rounds(cities: Iterable[City]) -> dict[int, LatestRound]:
    """City id -> the city's latest counted round not archived (one query): a training round
    is not where the city stands."""
    latest: dict[int, LatestRound] = {}
    rows = (
        Round.objects.current()
        .counted()
        .filter(city__in=list(cities))
        .order_by("city_id", "-opened_at", "-id")
        .values_list(
            "city_id",
            "id",
            "name",
            "state",
            "deadline",
            "framework__framework_id",
            "framework__version",
            "framework__title",
        )
    )
    for city_id, pk, name, state, deadline, framework_id, version, title in rows:
        if city_id not in latest:
            key = FrameworkVersion.key_of(framework_id, version)
            latest[city_id] = LatestRound(pk, name, state, deadline, key, title)
    return latest


def cohort_status(
    cities: list[City], latest: dict[int, LatestRound], *, today: datetime.date
) -> list[CityStatus]:
    """Each city with its latest round (from :func:`latest_rounds`) and progress (three
    queries, however many cities); departments are read as plain values."""
    ids = [round.pk for round in latest.values()]
    counts, submissions = _counts(ids), _submissions(ids)
    departments: dict[int, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    rows = Department.objects.filter(city__in=cities).order_by("slug")
    for pk, city_id, name in rows.values_list("id", "city_id", "name"):
        departments[city_id].append((pk, name))
    return [
        _city_status(city, latest.get(city.pk), departments[city.pk], counts, submissions, today)
        for city in cities
    ]


def _city_status(
    city: City,
    round: LatestRound | None,
    departments: list[tuple[int, dict[str, str]]],
    counts: dict[tuple[int, int], tuple[int, int]],
    submissions: dict[tuple[int, int], datetime.datetime],
    today: datetime.date,
) -> CityStatus:
    if round is None:
        return CityStatus(city=city, round=None)
    assigned = answered = 0
    overdue = []
    late = round.is_overdue(today)
    for pk, name in departments:
        given, done = counts.get((round.pk, pk), (0, 0))
        assigned, answered = assigned + given, answered + done
        if given and late and (round.pk, pk) not in submissions:
            overdue.append(name)
    return CityStatus(city, round, assigned, answered, tuple(overdue))

"""What each person can act on: networks to oversee, cities to run, departments to answer for.

Read for the home page in a few queries, however many roles the person holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from stocktake_web.assessments.domain.lookups import latest_counted
from stocktake_web.assessments.models import Round
from stocktake_web.network.models import City, Department, Network
from stocktake_web.permissions import Roles


@dataclass(frozen=True)
class DepartmentWork:
    department: Department
    rounds: list[Round]


@dataclass(frozen=True)
class Work:
    networks: list[Network] = field(default_factory=list)
    coordinated: list[City] = field(default_factory=list)
    viewed: list[City] = field(default_factory=list)
    departments: list[DepartmentWork] = field(default_factory=list)
    latest_rounds: dict[int, Round] = field(default_factory=dict)
    """Each city's latest counted round: a training round is never where the city stands."""
    training_rounds: dict[int, list[Round]] = field(default_factory=dict)
    """Each city's training rounds not archived, newest first, listed apart."""

    @property
    def is_empty(self) -> bool:
        return not (self.networks or self.coordinated or self.viewed or self.departments)


def work_of(roles: Roles) -> Work:
    if roles.is_empty:
        return Work()
    networks = list(Network.objects.filter(pk__in=roles.networks).prefetch_related("cohorts"))
    cities = {
        city.pk: city for city in City.objects.filter(pk__in=roles.coordinated | roles.viewed)
    }
    departments = list(
        Department.objects.filter(pk__in=roles.departments).select_related("city__network")
    )
    city_ids = set(cities) | {dept.city_id for dept in departments}
    rounds: dict[int, list[Round]] = defaultdict(list)
    for candidate in Round.objects.filter(city__in=city_ids).current().with_framework():
        rounds[candidate.city_id].append(candidate)
    return Work(
        networks=networks,
        coordinated=[cities[pk] for pk in sorted(roles.coordinated)],
        viewed=[cities[pk] for pk in sorted(roles.viewed)],
        departments=[
            DepartmentWork(dept, [r for r in rounds[dept.city_id] if r.is_open])
            for dept in departments
        ],
        latest_rounds={
            city_id: latest
            for city_id, found in rounds.items()
            if (latest := latest_counted(found)) is not None
        },
        training_rounds={
            city_id: [round for round in found if round.is_training]
            for city_id, found in rounds.items()
        },
    )

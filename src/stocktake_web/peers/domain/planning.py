"""Peer-learning groups and workshop plans for a cohort, for its secretariat.

The secretariat sees every signed-off round of the cohort, private ones included (their needs
count and their cities are placed in groups), but only cities that agreed to share
(:func:`~stocktake_web.network.domain.consent.agrees_to_share`) are proposed as hosts or teach in
a group: the core reads that consent from each city's context. The programmes are the core's
(:func:`stocktake.network.form_groups`, :func:`stocktake.network.plan_workshops`), solved within
:data:`TIME_LIMIT` so that a page never waits long; the result says whether it is proven optimal
or how far from the bound it stopped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from stocktake import network as core
from stocktake_web.accounts.models import User
from stocktake_web.events.domain.events import record_planned_workshop
from stocktake_web.events.models import Event
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import Audience, shared_rounds
from stocktake_web.network.models import Cohort
from stocktake_web.peers.domain.cohorts import NamedCohort, named_cohort

TIME_LIMIT = 5.0
"""Seconds a solve may take on a page; the benchmark's largest cohorts need about one."""


def secretariat_cohort(*, cohort: Cohort, framework: FrameworkVersion) -> NamedCohort:
    """Every city's latest signed-off round on ``framework``, as the secretariat sees them."""
    return named_cohort(
        shared_rounds(cohort=cohort, framework=framework, audience=Audience.SECRETARIAT)
    )


def form_cohort_groups(
    *,
    named: NamedCohort,
    size: int,
    shared_language: bool,
    must_meet: Iterable[tuple[str, str]] = (),
    must_not_meet: Iterable[tuple[str, str]] = (),
) -> core.Grouping:
    """Peer-learning groups of about ``size`` cities (raises the core's ``InfeasibleError``).

    Without ``shared_language`` the cities' working languages do not restrict the groups.
    """
    cohort = named.core
    languages = {c: cohort.context(c).languages for c in cohort.cities} if shared_language else {}
    return core.form_groups(
        core.pair_values(cohort),
        size,
        cities=cohort.cities,
        languages=languages,
        must_meet=must_meet,
        must_not_meet=must_not_meet,
        time_limit=TIME_LIMIT,
    )


def plan_cohort_workshops(
    *, named: NamedCohort, count: int, capacity: int, per_city: int
) -> core.WorkshopPlan:
    """``count`` workshops serving the cohort's heaviest needs (raises ``InfeasibleError``)."""
    return core.plan_workshops(
        named.core, count, capacity=capacity, per_city=per_city, time_limit=TIME_LIMIT
    )


@dataclass(frozen=True)
class PlannedWorkshop:
    """One workshop of a plan, found again by its topic when the secretariat records it."""

    workshop: core.Workshop
    named: NamedCohort


def planned_workshop(
    *, named: NamedCohort, count: int, capacity: int, per_city: int, topic: str
) -> PlannedWorkshop | None:
    """The workshop on ``topic`` in the plan made with these parameters now, if there is one.

    The plan is made again rather than taken from the page, so a recorded event names only a
    host and participants the planner chose from the current rounds.
    """
    plan = plan_cohort_workshops(named=named, count=count, capacity=capacity, per_city=per_city)
    found = next((w for w in plan.workshops if w.topic == topic), None)
    return PlannedWorkshop(found, named) if found is not None else None


def record_workshop(
    *, planned: PlannedWorkshop, cohort: Cohort, start: datetime.date, by: User
) -> Event:
    """Record a planned workshop as the network's event (once, however often it is clicked)."""
    workshop, named = planned.workshop, planned.named
    return record_planned_workshop(
        cohort=cohort,
        framework=named.rounds[workshop.host].framework,
        topic=workshop.topic,
        host=named.cities[workshop.host],
        participants=[named.cities[p.city] for p in workshop.participants],
        start=start,
        created_by=by,
    )

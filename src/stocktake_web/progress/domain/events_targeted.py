"""For the indicators the network's events targeted, the change of the cities that took part
beside that of the cities that did not.

This is a description, not an effect estimate: cities chose to attend, so those that did may
differ from the others in many ways, and a cohort holds few cities. The page says so.

Each city's change is the core's comparison (:func:`compare_city_rounds`) of its latest
signed-off round on the framework version with its signed-off round before that (on any version
of the framework, through the crosswalk). Rounds are read through the consent rule
(:func:`~stocktake_web.network.domain.consent.shared_rounds`) for the secretariat, which sees
every signed-off round. A city counts as participating for an indicator when it took part in an
event on that indicator that started before its later round was signed off: a later event cannot
have moved that round.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from stocktake.frameworks import Indicator
from stocktake.network import Change
from stocktake_web.assessments.models import Round
from stocktake_web.events.domain.events import events_targeting
from stocktake_web.events.models import Event
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import Audience, latest_signed_off, shared_rounds
from stocktake_web.network.models import City, Cohort
from stocktake_web.progress.domain.comparison import (
    ComparedRounds,
    ProgressRefused,
    compare_city_rounds,
)


@dataclass(frozen=True)
class CityChange:
    """One city's change on one indicator (``change.change`` is None when not compared)."""

    city: City
    change: Change


@dataclass(frozen=True)
class Side:
    """The cities on one side: participating, or not."""

    cities: tuple[CityChange, ...]

    @property
    def compared(self) -> tuple[CityChange, ...]:
        return tuple(item for item in self.cities if item.change.change is not None)

    @property
    def count(self) -> int:
        return len(self.compared)

    @property
    def median(self) -> float | None:
        """The median change in points, over the cities whose change could be compared."""
        changes = [item.change.change for item in self.compared if item.change.change is not None]
        return statistics.median(changes) if changes else None

    def with_verdict(self, verdict: str) -> int:
        return sum(1 for item in self.compared if item.change.verdict == verdict)

    @property
    def improved(self) -> int:
        return self.with_verdict("improved")

    @property
    def declined(self) -> int:
        return self.with_verdict("declined")

    @property
    def no_clear_change(self) -> int:
        return self.with_verdict("no clear change")


@dataclass(frozen=True)
class TargetedIndicator:
    indicator: Indicator
    events: tuple[Event, ...]
    participating: Side
    others: Side


@dataclass(frozen=True)
class TargetedComparison:
    """The comparison over a cohort: one row per targeted indicator, and the cities left out."""

    framework: FrameworkVersion
    indicators: tuple[TargetedIndicator, ...]
    compared: tuple[City, ...]
    without_earlier_round: tuple[City, ...]
    refused: tuple[tuple[City, str], ...]


def cohort_frameworks(cohort: Cohort) -> list[FrameworkVersion]:
    """The framework versions of the cohort cities' counted signed-off rounds: the page's
    picker."""
    signed = Round.objects.counted().filter(city__cohorts=cohort, state=Round.State.SIGNED_OFF)
    return list(
        FrameworkVersion.objects.filter(pk__in=signed.values("framework_id"))
        .defer("definition")
        .order_by("framework_id", "-imported_at")
    )


def events_targeted_progress(*, cohort: Cohort, framework: FrameworkVersion) -> TargetedComparison:
    """Participating and other cities' changes on every indicator an event of the network
    targeted, for the cities whose latest signed-off round is on ``framework``.

    An event on another framework is left out (indicator ids are a framework's own); one that
    names no framework counts for any.
    """
    compared, without, refused = _city_comparisons(cohort, framework)
    versions = set(
        FrameworkVersion.objects.filter(framework_id=framework.framework_id).values_list(
            "pk", flat=True
        )
    )
    targeted = _targeted_indicators(cohort)
    rows = []
    for indicator in framework.load().indicators():
        if indicator.id not in targeted:
            continue
        events = tuple(
            event
            for event in events_targeting(cohort.network, indicator.id)
            if event.framework_id is None or event.framework_id in versions
        )
        if events:
            rows.append(_row(indicator, events, compared))
    return TargetedComparison(
        framework=framework,
        indicators=tuple(rows),
        compared=tuple(item.after.city for item in compared),
        without_earlier_round=tuple(without),
        refused=tuple(refused),
    )


def _targeted_indicators(cohort: Cohort) -> set[str]:
    """Every indicator id any event of the cohort's network names (one query), so that the
    events on an indicator are looked up only for those."""
    lists = Event.objects.filter(network_id=cohort.network_id).values_list("indicators", flat=True)
    return {indicator for ids in lists for indicator in ids}


def _city_comparisons(
    cohort: Cohort, framework: FrameworkVersion
) -> tuple[list[ComparedRounds], list[City], list[tuple[City, str]]]:
    shared = shared_rounds(cohort=cohort, framework=framework, audience=Audience.SECRETARIAT)
    prefetch_related_objects([item.round for item in shared.rounds], "sign_off")
    compared: list[ComparedRounds] = []
    without: list[City] = []
    refused: list[tuple[City, str]] = []
    for item in shared.rounds:
        later = item.round
        earlier = latest_signed_off(
            [item.city], framework.framework_id, before=later.opened_at
        ).get(item.city.pk)
        if earlier is None:
            without.append(item.city)
            continue
        try:
            compared.append(compare_city_rounds(before=earlier, after=later))
        except ProgressRefused as reason:
            refused.append((item.city, str(reason)))
    return compared, without, refused


def _row(
    indicator: Indicator, events: tuple[Event, ...], compared: list[ComparedRounds]
) -> TargetedIndicator:
    participating: list[CityChange] = []
    others: list[CityChange] = []
    for item in compared:
        change = next(c for c in item.progress.indicators if c.id == indicator.id)
        signed = item.after.sign_off.signed_off_at.date()
        took_part = any(
            event.start <= signed and _attended(event, item.after.city_id) for event in events
        )
        (participating if took_part else others).append(CityChange(item.after.city, change))
    return TargetedIndicator(indicator, events, Side(tuple(participating)), Side(tuple(others)))


def _attended(event: Event, city_id: int) -> bool:
    return any(participant.city_id == city_id for participant in event.participants.all())

"""Which framework and which cohort an index page shows, from its query parameters.

A parameter that names nothing the page can show gives a sentence saying what to choose
instead (the page lists the choices), never an error page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import cohorts_of_city
from stocktake_web.network.models import City, Cohort

T = TypeVar("T")

LONGEST_PARAMETER = 200
"""Longer parameters are refused before any lookup: no framework key or id is that long."""


@dataclass(frozen=True)
class Choice(Generic[T]):
    """The choices a page offers, the one chosen (None when there is none to choose), and a
    sentence when the query parameter named none of them."""

    choices: tuple[T, ...]
    chosen: T | None
    problem: str | None = None


def cohort_framework(cohort: Cohort, wanted: str | None) -> Choice[FrameworkVersion]:
    """The framework named by ``wanted`` among those of the cohort's counted signed-off rounds."""
    return _framework(
        Round.objects.counted().filter(city__cohorts=cohort, state=Round.State.SIGNED_OFF), wanted
    )


def city_framework(city: City, wanted: str | None) -> Choice[FrameworkVersion]:
    """The framework named by ``wanted`` among those of the city's own counted signed-off
    rounds."""
    rounds = Round.objects.counted().filter(city=city, state=Round.State.SIGNED_OFF)
    return _framework(rounds, wanted)


def _framework(rounds: QuerySet[Round], wanted: str | None) -> Choice[FrameworkVersion]:
    """The version named ``id@version`` by ``wanted`` among those of ``rounds``; without one,
    the first rankable one (then the first one)."""
    choices = tuple(
        FrameworkVersion.objects.filter(pk__in=rounds.values("framework_id")).order_by(
            "framework_id", "-version"
        )
    )
    if not wanted:
        rankable = [version for version in choices if version.load().rankable]
        first = rankable[0] if rankable else (choices[0] if choices else None)
        return Choice(choices, first)
    found = _named(choices, wanted, key=lambda version: version.key)
    if found is None:
        problem = _(
            "No signed-off round here uses the framework “%(wanted)s”; choose one of the "
            "frameworks listed."
        ) % {"wanted": wanted[:LONGEST_PARAMETER]}
        return Choice(choices, None, problem)
    return Choice(choices, found)


def chosen_cohort(city: City, wanted: str | None) -> Choice[Cohort]:
    """The cohort of ``city`` whose id is ``wanted``; without one, its most recent cohort."""
    choices = tuple(cohorts_of_city(city))
    if not wanted:
        return Choice(choices, choices[0] if choices else None)
    found = _named(choices, wanted, key=lambda cohort: str(cohort.pk))
    if found is None:
        problem = _(
            "This city is not a member of a cohort numbered “%(wanted)s”; choose one of its "
            "cohorts listed."
        ) % {"wanted": wanted[:LONGEST_PARAMETER]}
        return Choice(choices, None, problem)
    return Choice(choices, found)


def _named(choices: Sequence[T], wanted: str, *, key: Callable[[T], str]) -> T | None:
    if len(wanted) > LONGEST_PARAMETER:
        return None
    return next((choice for choice in choices if key(choice) == wanted), None)

"""Which cohort and framework version a benchmark compares, from a page's query parameters.

A benchmark compares rounds on one framework version only. A city's page defaults to its most
recent cohort and the version of its latest signed-off round; the secretariat's page to the
version of the cohort's most recent sign-off. A parameter that names nothing the viewer may
compare is reported in a sentence, never guessed around.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import cohorts_of_city
from stocktake_web.network.models import City, Cohort

PARAMETER_LIMIT = 200
"""Longer query parameters are refused before any lookup: no framework key is that long."""


class BenchmarkChoiceError(ValueError):
    """A cohort or framework version the page cannot compare; the message says why."""


@dataclass(frozen=True)
class BenchmarkChoice:
    """The cohort and framework version shown, and the others the viewer may pick."""

    cohort: Cohort
    framework: FrameworkVersion
    cohorts: tuple[Cohort, ...]
    frameworks: tuple[FrameworkVersion, ...]


def city_choice(city: City, *, cohort: str | None, framework: str | None) -> BenchmarkChoice:
    """The cohort (one of the city's) and the framework version of one of its signed-off rounds.

    Raises
    ------
    BenchmarkChoiceError
        When the city belongs to no cohort, has no signed-off round, or a parameter names a
        cohort it is not in or a version it has no signed-off round on.
    """
    cohorts = tuple(cohorts_of_city(city))
    if not cohorts:
        raise BenchmarkChoiceError(_("This city is not a member of any cohort yet."))
    chosen = _chosen_cohort(cohorts, cohort)
    versions = _signed_off_versions([city])
    if not versions:
        raise BenchmarkChoiceError(
            _("This city has no signed-off round yet: a benchmark compares signed-off results.")
        )
    return BenchmarkChoice(chosen, _chosen_version(versions, framework), cohorts, versions)


def cohort_choice(cohort: Cohort, *, framework: str | None) -> BenchmarkChoice:
    """The framework version of one of the cohort's signed-off rounds (the latest by default)."""
    versions = _signed_off_versions(cohort.cities.all())
    if not versions:
        raise BenchmarkChoiceError(_("No city of this cohort has a signed-off round yet."))
    return BenchmarkChoice(cohort, _chosen_version(versions, framework), (cohort,), versions)


def _chosen_cohort(cohorts: tuple[Cohort, ...], wanted: str | None) -> Cohort:
    if not wanted:
        return cohorts[0]
    for candidate in cohorts:
        if str(candidate.pk) == wanted[:PARAMETER_LIMIT]:
            return candidate
    raise BenchmarkChoiceError(_("This city is not a member of the cohort asked for."))


def _chosen_version(versions: tuple[FrameworkVersion, ...], wanted: str | None) -> FrameworkVersion:
    if not wanted:
        return versions[0]
    for candidate in versions:
        if candidate.key == wanted[:PARAMETER_LIMIT]:
            return candidate
    raise BenchmarkChoiceError(
        _(
            "There is no signed-off round on the framework version “%(key)s” to compare; "
            "choose one of the versions listed."
        )
        % {"key": wanted[:80]}
    )


def _signed_off_versions(cities: Iterable[City]) -> tuple[FrameworkVersion, ...]:
    """The framework versions of the cities' counted signed-off rounds, the latest sign-off's
    first."""
    rounds = (
        Round.objects.counted()
        .filter(city__in=list(cities), state=Round.State.SIGNED_OFF)
        .select_related("framework")
        .defer("framework__definition")
        .order_by("-sign_off__signed_off_at", "-id")
    )
    found: dict[int, FrameworkVersion] = {}
    for round in rounds:
        found.setdefault(round.framework_id, round.framework)
    return tuple(found.values())

"""A cohort's signed-off rounds, as an audience may see them, turned into the core's cohort.

Every page of peers and workshop planning reads rounds through
:func:`~stocktake_web.network.domain.consent.shared_rounds` and hands the core a
:class:`stocktake.network.Cohort` of exactly the rounds that may be named to that audience, each
city's context from its :class:`City` fields and its consent to be proposed as a helper or host
(:func:`~stocktake_web.network.domain.consent.agrees_to_share`). A round counted only in
statistics never enters: the core's analyses name every city they return.
"""

from __future__ import annotations

from dataclasses import dataclass

from stocktake import network as core
from stocktake_web.assessments.domain.results import core_answers
from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import SharedCohort, agrees_to_share
from stocktake_web.network.models import City, Cohort


@dataclass(frozen=True)
class NamedCohort:
    """The core's cohort of the named rounds, and the cities and rounds behind its ids (slugs)."""

    core: core.Cohort
    cities: dict[str, City]
    rounds: dict[str, Round]

    def name(self, slug: str, lang: str) -> str:
        return self.cities[slug].display_name(lang)


def city_context(city: City, *, shares: bool) -> core.CityContext:
    """What the network records about ``city``, as the core's context (English name)."""
    return core.CityContext(
        city=city.slug,
        name=city.display_name("en"),
        kind=city.kind or None,
        population=float(city.population) if city.population else None,
        region=city.region or None,
        languages=tuple(city.languages or ()),
        climate=city.climate or None,
        economy=tuple(city.economy or ()),
        shares=shares,
    )


def named_cohort(shared: SharedCohort) -> NamedCohort:
    """The core's cohort of the rounds ``shared`` may name (three queries per round)."""
    rounds = {item.city.slug: item.round for item in shared.named}
    cohort = core.Cohort.build(
        shared.framework.load(),
        {slug: core_answers(round) for slug, round in rounds.items()},
        [city_context(r.city, shares=agrees_to_share(r)) for r in rounds.values()],
    )
    return NamedCohort(cohort, {slug: r.city for slug, r in rounds.items()}, rounds)


def latest_signed_off_round(city: City) -> Round | None:
    """The city's most recent counted signed-off round on any framework: its key areas are its
    latest (a training round's are an exercise's)."""
    found = Round.objects.counted().with_framework()
    found = found.filter(city=city, state=Round.State.SIGNED_OFF)
    return found.order_by("-opened_at", "-id").first()


def cohort_frameworks(cohort: Cohort) -> list[FrameworkVersion]:
    """The framework versions on which some city of the cohort signed a counted round off."""
    signed = Round.objects.counted().filter(city__cohorts=cohort, state=Round.State.SIGNED_OFF)
    found = FrameworkVersion.objects.filter(pk__in=signed.values("framework_id"))
    return list(found.defer("definition").order_by("framework_id", "version"))


def cohort_members(cohort: Cohort) -> list[City]:
    """The cohort's cities by short name, for the pairs a secretariat may name."""
    return list(cohort.cities.order_by("slug"))


def framework_version(pk: int) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(pk=pk).first()

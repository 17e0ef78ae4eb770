"""Cities like you and who can help with this: a city's peers, as the city may see them.

The page shows what the city itself sees, whoever opens it (its coordinator, its viewers or the
secretariat): its own latest signed-off round and the rounds of its cohort that are named to it
(*cohort, named* and *public summary*). A private or anonymous round is never proposed, not even
as "like you": the page names every city it lists. The maths is the core's
(:func:`stocktake.network.similar_cities`, :func:`stocktake.network.who_can_help`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from stocktake import network as core
from stocktake_web.assessments.domain.results import PRIORITIES_TOP
from stocktake_web.assessments.models import Round
from stocktake_web.network.domain.consent import Audience, cohorts_of_city, shared_rounds
from stocktake_web.network.models import City, Cohort
from stocktake_web.peers.domain.cohorts import NamedCohort, latest_signed_off_round, named_cohort


class Missing(enum.Enum):
    """Why a city's peers cannot be shown; the page turns each into a sentence."""

    NO_COHORT = "no_cohort"
    NO_ROUND = "no_round"
    ALONE = "alone"


@dataclass(frozen=True)
class CityPeers:
    """The cities like a city and those that can help with its key areas, or why there are none."""

    city: City
    cohorts: list[Cohort]
    cohort: Cohort | None = None
    round: Round | None = None
    named: NamedCohort | None = None
    similar: list[core.Similarity] = field(default_factory=list)
    help: list[core.HelpWithKeyArea] = field(default_factory=list)
    missing: Missing | None = None


def chosen_cohort(cohorts: list[Cohort], wanted: str | None) -> Cohort | None:
    """The cohort whose id is ``wanted`` among the city's, else its most recent one."""
    return next((c for c in cohorts if str(c.pk) == wanted), cohorts[0] if cohorts else None)


def peers_of_city(
    *, city: City, cohort_id: str | None, weights: core.SimilarityWeights
) -> CityPeers:
    """The city's peers in the chosen cohort, on the framework of its latest signed-off round."""
    cohorts = cohorts_of_city(city)
    cohort = chosen_cohort(cohorts, cohort_id)
    if cohort is None:
        return CityPeers(city, cohorts, missing=Missing.NO_COHORT)
    round = latest_signed_off_round(city)
    if round is None:
        return CityPeers(city, cohorts, cohort, missing=Missing.NO_ROUND)
    shared = shared_rounds(
        cohort=cohort, framework=round.framework, audience=Audience.CITY, viewer_city=city
    )
    named = named_cohort(shared)
    if city.slug not in named.cities or len(named.cities) < 2:
        return CityPeers(city, cohorts, cohort, round, named, missing=Missing.ALONE)
    return CityPeers(
        city,
        cohorts,
        cohort,
        round,
        named,
        similar=core.similar_cities(named.core, city.slug, weights=weights),
        help=core.who_can_help(named.core, city.slug, top=PRIORITIES_TOP, weights=weights),
    )

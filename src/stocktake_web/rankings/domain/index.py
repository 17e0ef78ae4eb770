"""The cohort composite index: each city's score, rank and rank interval on one framework.

The index is built by the core's composite engine from what each city signed off (the points
stored with its results, never a recomputation), over the rounds an audience may see
(:func:`~stocktake_web.network.domain.consent.shared_rounds`): the secretariat ranks every
signed-off round of the cohort, a city ranks its own round and those the other cities agreed to
count (private rounds are left out of the ranking altogether, not only left unnamed). The core's
uncertainty analysis then varies the weights and the normalisation :data:`REPLICATIONS` times
with a fixed seed, and each city's rank interval is the ranks it keeps in
:data:`INTERVAL_COVERAGE` of them (``docs/methods.md``, section 12).

The analysis takes a few hundredths of a second for a cohort of dozens of cities
(``benchmarks/cohort_index.py``); its result is kept in Django's cache under the rounds' ids and
sign-off times, so a page asks again only when a round is signed off or leaves the cohort.
"""

from __future__ import annotations

import enum
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from django.core.cache import cache

from stocktake.composite import CompositeData, parse_spec
from stocktake.composite.assessments import from_framework, points_table
from stocktake.frameworks import Framework
from stocktake.sensitivity import parse_vary, uncertainty_analysis
from stocktake_web.assessments.models import SignOff
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import (
    Audience,
    SharedCohort,
    SharedRound,
    shared_rounds,
)
from stocktake_web.network.models import City, Cohort

SPEC: Mapping[str, Any] = {
    "normalise": {"method": "goalposts"},
    "aggregate": {"method": "arithmetic"},
    "rank": {"ties": "min"},
}
"""The nominal build: each indicator's points scored 0–100 against its own attainable range
(goalposts), weighted arithmetic means up the framework's tree with the framework's weights,
rescaled over the children a city answered (so a city with a gap, even a whole empty theme, is
scored on what it answered), ties sharing the better rank. No imputation, no outlier treatment:
levels of 0–4 have no outliers to treat, and an imputed value would rank a city on answers it
never gave."""

VARY: Mapping[str, Any] = {
    "vary": {
        "normalise": {
            "values": [
                {"method": "goalposts"},
                {"method": "minmax", "range": [0, 100]},
                {"method": "zscore", "mean": 50, "sd": 10},
            ]
        },
        "weights": {"noise": 0.25},
    }
}
"""The reasonable variations: the normalisation (goalposts, min–max over the cohort, z-scores),
and every weight multiplied by its own draw from U(0.75, 1.25)."""

REPLICATIONS = 1000
SEED = 2026
"""A fixed seed: the same rounds always give the same intervals, so the page is stable."""
INTERVAL_COVERAGE = 0.95
MINIMUM_RANKED = 2
"""Fewest cities a ranking is built over, whoever looks."""
CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 1
"""Raised whenever the method above changes, so no page shows an interval of the old one."""


class Hidden(enum.Enum):
    """Why no index is shown."""

    NOT_RANKABLE = "not_rankable"
    NO_ROUNDS = "no_rounds"
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class CityRank:
    """One city's place in the index; ``rank`` and the interval are None when the city answered
    nothing the index could score."""

    shared: SharedRound
    score: float | None
    rank: int | None
    low: int | None
    high: int | None

    @property
    def steady(self) -> bool:
        """The rank is the same in (nearly) every variation."""
        return self.low is not None and self.low == self.high


@dataclass(frozen=True)
class CohortIndex:
    """The index as one audience may see it; ``hidden`` says why there is none."""

    cohort: Cohort
    shared: SharedCohort
    ranks: tuple[CityRank, ...]
    hidden: Hidden | None = None

    @property
    def replications(self) -> int:
        return REPLICATIONS

    @property
    def coverage(self) -> float:
        return INTERVAL_COVERAGE

    @property
    def ranked(self) -> int:
        """Cities with a rank (those counted without being named included)."""
        return sum(1 for place in self.ranks if place.rank is not None)

    @property
    def named(self) -> tuple[CityRank, ...]:
        """The places that may be shown one by one to this audience, best first."""
        return tuple(place for place in self.ranks if place.shared.named)

    @property
    def unnamed(self) -> int:
        """Cities counted in the ranks without being named to this audience."""
        return sum(1 for place in self.ranks if not place.shared.named)

    @property
    def own(self) -> CityRank | None:
        return next((place for place in self.ranks if place.shared.own), None)


def method_text() -> tuple[str, str]:
    """The nominal build spec and the variations, as the YAML a ``stocktake composite`` run
    would read (shown on the page, so that anyone can run the same analysis)."""
    return (
        yaml.safe_dump(dict(SPEC), sort_keys=False, allow_unicode=True),
        yaml.safe_dump(dict(VARY), sort_keys=False, allow_unicode=True),
    )


def cohort_index(
    *,
    cohort: Cohort,
    framework: FrameworkVersion,
    audience: Audience,
    viewer_city: City | None = None,
) -> CohortIndex:
    """The cohort's composite index on ``framework`` as ``audience`` may see it.

    Refused for a framework that is not rankable (the City Biodiversity Index compares a city
    with its own baseline), hidden with no signed-off round, and hidden when fewer cities take
    part than :data:`MINIMUM_RANKED` (or, for a city, than the cohort minimum of the consent
    rules).
    """
    shared = shared_rounds(
        cohort=cohort, framework=framework, audience=audience, viewer_city=viewer_city
    )
    hidden = _hidden(framework, shared)
    if hidden is not None:
        return CohortIndex(cohort=cohort, shared=shared, ranks=(), hidden=hidden)
    places = _ranked(framework, shared.rounds)
    return CohortIndex(cohort=cohort, shared=shared, ranks=places)


def _hidden(framework: FrameworkVersion, shared: SharedCohort) -> Hidden | None:
    if not framework.load().rankable:
        return Hidden.NOT_RANKABLE
    if not shared.rounds:
        return Hidden.NO_ROUNDS
    if not shared.statistics_shown or shared.contributing < MINIMUM_RANKED:
        return Hidden.TOO_FEW
    return None


def _ranked(framework: FrameworkVersion, rounds: Sequence[SharedRound]) -> tuple[CityRank, ...]:
    """Every round's place, best first, from the cache or a fresh analysis."""
    signed = dict(
        SignOff.objects.filter(round__in=[shared.round for shared in rounds]).values_list(
            "round_id", "signed_off_at"
        )
    )
    key = _cache_key(framework, {round_id: str(at) for round_id, at in signed.items()})
    places: dict[int, tuple[float, float, float, float]] | None = cache.get(key)
    if places is None:
        places = _analyse(framework, [shared.round.pk for shared in rounds])
        cache.set(key, places, CACHE_SECONDS)
    found = [_place(shared, places.get(shared.round.pk)) for shared in rounds]
    return tuple(sorted(found, key=_order))


def _cache_key(framework: FrameworkVersion, signed: Mapping[int, str]) -> str:
    rounds = ";".join(f"{round_id}@{at}" for round_id, at in sorted(signed.items()))
    digest = hashlib.sha256(rounds.encode()).hexdigest()
    return f"rankings:cohort-index:{CACHE_VERSION}:{framework.pk}:{digest}"


def _analyse(
    framework: FrameworkVersion, round_ids: Sequence[int]
) -> dict[int, tuple[float, float, float, float]]:
    """Round id -> (score, rank, lowest and highest rank of the interval); NaN when unranked."""
    points = _signed_off_points(round_ids)
    ranked = rank_points(framework.load(), points)
    return {int(unit): place for unit, place in ranked.items()}


def rank_points(
    framework: Framework, points: Mapping[str, Mapping[str, float | None]]
) -> dict[str, tuple[float, float, float, float]]:
    """Unit -> (score, rank, lowest and highest rank of the interval) of the index built from
    each unit's consolidated points with :data:`SPEC` and varied by :data:`VARY` (NaN for a
    unit that answered nothing the index scores). No database: the benchmark times this."""
    spec = parse_spec(dict(SPEC), source="the cohort index's build spec")
    vary = parse_vary(dict(VARY), spec, source="the cohort index's variations")
    data = from_framework(framework, points_table(framework, points))
    result = uncertainty_analysis(data, spec, vary, n=REPLICATIONS, random_state=SEED)
    low, high = result.rank_interval(INTERVAL_COVERAGE)
    return {
        unit: (
            float(result.nominal_scores[i]),
            float(result.nominal_ranks[i]),
            float(low[i]),
            float(high[i]),
        )
        for i, unit in enumerate(result.units)
    }


def index_data(*, framework: FrameworkVersion, round_ids: Sequence[int]) -> CompositeData:
    """The composite engine's data from the points stored at sign-off, one unit per round (its
    id as the unit code): what the nominal build and every variation read."""
    points = _signed_off_points(round_ids)
    core = framework.load()
    return from_framework(core, points_table(core, points))


def _signed_off_points(round_ids: Sequence[int]) -> dict[str, dict[str, float | None]]:
    """Round id (as text) -> the consolidated points per indicator stored at sign-off
    (``None``: not answered), in one query."""
    stored = SignOff.objects.filter(round_id__in=round_ids).values_list("round_id", "results")
    return {str(round_id): stored_points(results) for round_id, results in stored}


def stored_points(results: Mapping[str, Any]) -> dict[str, float | None]:
    """The consolidated points per indicator of a score record stored at sign-off."""
    indicators: Mapping[str, Mapping[str, Any]] = results.get("indicators", {})
    return {key: record.get("points") for key, record in indicators.items()}


def _place(shared: SharedRound, found: tuple[float, float, float, float] | None) -> CityRank:
    if found is None or math.isnan(found[1]):
        score = None if found is None or math.isnan(found[0]) else found[0]
        return CityRank(shared=shared, score=score, rank=None, low=None, high=None)
    score, rank, low, high = found
    return CityRank(shared=shared, score=score, rank=int(rank), low=int(low), high=int(high))


def _order(place: CityRank) -> tuple[bool, int, str]:
    """Best rank first, unranked cities last, ties by the city's address."""
    return (place.rank is None, place.rank or 0, place.shared.city.slug)

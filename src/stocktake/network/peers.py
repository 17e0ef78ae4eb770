"""Peers: cities like you, and who can help with each of your key areas for development.

**Cities like you** compares the context the network records (``docs/methods.md``, section 7).
Each attribute both cities have gives a similarity in [0, 1]:

* ``kind``, ``region``, ``climate``: 1 when equal (ignoring case), else 0;
* ``population``: ``1 − min(1, |log10(a / b)| / 2)``, so 1 for the same size, 0.5 for a factor
  of 10 and 0 from a factor of 100;
* ``languages``, ``economy``: the Jaccard index ``|A ∩ B| / |A ∪ B|``.

The similarity is the weighted mean over the attributes both cities have (weights
:class:`SimilarityWeights`, all 1 by default); with none in common it is unknown (``None``) and the
city is listed after every city with a similarity.

**Who can help with this**: for each key area of a city (:func:`stocktake.priorities
.rank_priorities`), the other cities strong exactly there (:mod:`stocktake.network.strengths`)
that agreed to share, best standing first, then the most similar.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass

from stocktake.network.cohort import CityContext, Cohort
from stocktake.network.errors import NetworkError
from stocktake.network.reasons import Reason, quoted, standing
from stocktake.network.strengths import STRONG_SHARE, Strength, cohort_strengths
from stocktake.priorities import Priority, rank_priorities

ATTRIBUTES: tuple[str, ...] = ("kind", "population", "region", "languages", "climate", "economy")


@dataclass(frozen=True)
class SimilarityWeights:
    """How much each context attribute counts in "cities like you"; zero leaves it out."""

    kind: float = 1.0
    population: float = 1.0
    region: float = 1.0
    languages: float = 1.0
    climate: float = 1.0
    economy: float = 1.0

    def __post_init__(self) -> None:
        values = astuple(self)
        if not all(math.isfinite(v) and v >= 0 for v in values) or sum(values) <= 0:
            raise NetworkError(
                "similarity weights must be zero or positive numbers and at least one positive"
            )


@dataclass(frozen=True)
class Similarity:
    """How alike two cities are: the weighted mean, each attribute's part, and why."""

    city: str
    other: str
    value: float | None
    """0–1; ``None`` when the two share no known attribute."""
    attributes: dict[str, float]
    reasons: tuple[Reason, ...]


def similarity(
    a: CityContext, b: CityContext, weights: SimilarityWeights | None = None
) -> Similarity:
    """The similarity of two cities' contexts, attribute by attribute."""
    weights = weights or SimilarityWeights()
    parts: dict[str, float] = {}
    reasons: list[Reason] = []
    for name in ATTRIBUTES:
        weight = getattr(weights, name)
        measured = _measure(name, a, b)
        if measured is None or weight == 0:
            continue
        parts[name] = measured
        reason = _reason(name, a, b, measured)
        if reason is not None:
            reasons.append(reason)
    total = sum(getattr(weights, name) for name in parts)
    value = sum(getattr(weights, n) * v for n, v in parts.items()) / total if parts else None
    return Similarity(a.city, b.city, value, parts, tuple(reasons))


def similar_cities(
    cohort: Cohort,
    city: str,
    *,
    weights: SimilarityWeights | None = None,
    top: int | None = None,
) -> list[Similarity]:
    """The other cities of the cohort, most similar first (unknown last, then by id)."""
    own = cohort.context(city)
    found = [
        similarity(own, cohort.context(other), weights) for other in cohort.cities if other != city
    ]
    found.sort(key=lambda s: (s.value is None, -(s.value or 0.0), s.other))
    return found if top is None else found[:top]


@dataclass(frozen=True)
class Helper:
    """A city that can help with a key area, and why it was proposed."""

    city: str
    strength: Strength
    similarity: float | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class HelpWithKeyArea:
    """One key area for development of a city and the cities that can help with it."""

    key_area: Priority
    helpers: tuple[Helper, ...]


def who_can_help(
    cohort: Cohort,
    city: str,
    *,
    top: int = 10,
    share: float = STRONG_SHARE,
    weights: SimilarityWeights | None = None,
) -> list[HelpWithKeyArea]:
    """For each of the city's key areas, the sharing cities strong exactly there.

    Parameters
    ----------
    cohort
        The cities and their answers; only cities whose context says they share are proposed.
    city
        The city looking for help.
    top
        How many key areas to consider (as :func:`~stocktake.priorities.rank_priorities`).
    share
        The share of an indicator's range from which a city counts as strong.
    weights
        The similarity weights used to order helpers of equal standing.
    """
    framework = cohort.framework
    key_areas = rank_priorities(
        framework, cohort.answers[city], top=top, consolidation=cohort.consolidation(city)
    )
    strengths = cohort_strengths(cohort, share=share)
    alike = {s.other: s for s in similar_cities(cohort, city, weights=weights)}
    result = []
    for area in key_areas:
        helpers = [
            _helper(cohort, city, held, alike[other])
            for other in cohort.cities
            if other != city and cohort.shares(other)
            for held in [strengths[other].get(area.indicator)]
            if held is not None
        ]
        helpers.sort(
            key=lambda h: (-h.strength.points, h.similarity is None, -(h.similarity or 0.0), h.city)
        )
        result.append(HelpWithKeyArea(area, tuple(helpers)))
    return result


def _helper(cohort: Cohort, city: str, held: Strength, alike: Similarity) -> Helper:
    indicator = cohort.framework.indicator(held.indicator)
    name = cohort.label(held.city)
    reasons = [
        Reason(
            "strong",
            f"{name} is at {standing(indicator, held.points)} on {indicator.id}, where "
            f"{cohort.label(city)} wants to improve.",
            {"points": held.points, "max": indicator.max_points, "indicator": indicator.id},
        ),
        Reason(
            "evidence",
            f"Its departments cite: {quoted(held.evidence)}.",
            {"evidence": list(held.evidence)},
        ),
        Reason("shares", f"{name} agreed to share its results with the network.", {}),
    ]
    if alike.value is not None and alike.reasons:
        listed = "; ".join(r.text.rstrip(".").lower() for r in alike.reasons)
        reasons.append(
            Reason(
                "similar",
                f"It is {100 * alike.value:.0f} % similar in context: {listed}.",
                {"similarity": alike.value, "attributes": alike.attributes},
            )
        )
    return Helper(held.city, held, alike.value, tuple(reasons))


# -- measures of one attribute ------------------------------------------------------------------


def _same(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return 1.0 if a.strip().casefold() == b.strip().casefold() else 0.0


def _population(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return 1.0 - min(1.0, abs(math.log10(a / b)) / 2.0)


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
    left = {item.strip().casefold() for item in a if item.strip()}
    right = {item.strip().casefold() for item in b if item.strip()}
    if not left or not right:
        return None
    return len(left & right) / len(left | right)


def _measure(name: str, a: CityContext, b: CityContext) -> float | None:
    """The similarity of one attribute; ``None`` when either city does not have it."""
    if name == "population":
        return _population(a.population, b.population)
    if name in ("languages", "economy"):
        return _jaccard(getattr(a, name), getattr(b, name))
    return _same(getattr(a, name), getattr(b, name))


def _reason(name: str, a: CityContext, b: CityContext, measured: float) -> Reason | None:
    """A sentence for an attribute that makes the cities alike; none for a plain difference."""
    if measured <= 0:
        return None
    params = {"attribute": name, "similarity": measured}
    if name in ("kind", "region", "climate"):
        return Reason(name, f"Same {name}: {getattr(a, name)}.", params)
    if name == "population":
        text = f"Populations of {a.population:,.0f} and {b.population:,.0f}."
        return Reason(name, text, params)
    shared = sorted(
        {i.strip().casefold() for i in getattr(a, name)}
        & {i.strip().casefold() for i in getattr(b, name)}
    )
    label = "Shared working languages" if name == "languages" else "Shared economic sectors"
    return Reason(name, f"{label}: {', '.join(shared)}.", {**params, "shared": shared})

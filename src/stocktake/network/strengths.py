"""Where a city is strong: the indicators on which it could teach other cities.

A city is strong on an indicator when its consolidated points reach ``STRONG_SHARE`` of the
indicator's range (level 3 of a 0–4 scale, 2.25 of 0–3 so level 3 of the UNDRR scorecard, 3 of
the City Biodiversity Index's 4 points) **and** some answer at that height names its evidence.
A claim no department can document does not make a host: the network would send cities to learn
from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stocktake.answers import Answer, indicator_points, normalised_score
from stocktake.consolidate import ConsolidatedValue
from stocktake.frameworks.schema import Indicator
from stocktake.network.cohort import Cohort
from stocktake.network.errors import NetworkError

STRONG_SHARE = 0.75
"""Share of an indicator's range from which a city counts as strong: level 3 of 4."""


@dataclass(frozen=True)
class Strength:
    """A city strong on an indicator, with the evidence its answers cite."""

    city: str
    indicator: str
    points: float
    score: float
    """The points as 0–100 of the indicator's range."""
    evidence: tuple[str, ...]


def strong_points(indicator: Indicator, share: float = STRONG_SHARE) -> float:
    """The points from which a city counts as strong on ``indicator``."""
    if not 0 < share <= 1:
        raise NetworkError(
            f"the share of the range that counts as strong must be in (0, 1], not {share}"
        )
    return indicator.min_points + share * (indicator.max_points - indicator.min_points)


def strength(
    city: str,
    indicator: Indicator,
    value: ConsolidatedValue,
    answers: Sequence[Answer],
    *,
    share: float = STRONG_SHARE,
) -> Strength | None:
    """The city's strength on ``indicator``, or ``None`` when it is not strong there.

    ``answers`` are the city's answers to this indicator; the evidence of those whose own
    points reach the threshold is kept, in answer order, each text once.
    """
    threshold = strong_points(indicator, share)
    if value.points is None or value.points < threshold:
        return None
    evidence: dict[str, None] = {}
    for answer in answers:
        if answer.is_blank or not answer.evidence.strip():
            continue
        points = indicator_points(indicator, answer.value)
        if points is not None and points >= threshold:
            evidence.setdefault(answer.evidence.strip())
    if not evidence:
        return None
    score = normalised_score(indicator, value.points)
    return Strength(city, indicator.id, value.points, score or 0.0, tuple(evidence))


def city_strengths(
    cohort: Cohort, city: str, *, share: float = STRONG_SHARE
) -> dict[str, Strength]:
    """Indicator id -> the city's strength there, for every indicator it is strong on."""
    by_indicator: dict[str, list[Answer]] = {}
    for answer in cohort.answers[city]:
        by_indicator.setdefault(answer.indicator, []).append(answer)
    consolidation = cohort.consolidation(city)
    found = {}
    for indicator in cohort.framework.indicators():
        value = consolidation.values[indicator.id]
        rows = by_indicator.get(indicator.id, [])
        held = strength(city, indicator, value, rows, share=share)
        if held is not None:
            found[indicator.id] = held
    return found


def cohort_strengths(
    cohort: Cohort, *, share: float = STRONG_SHARE
) -> dict[str, dict[str, Strength]]:
    """City -> indicator -> strength, for every city of the cohort (sharing or not)."""
    return {city: city_strengths(cohort, city, share=share) for city in cohort.cities}

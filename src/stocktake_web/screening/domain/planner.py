"""Solutions a city sent on from a screening, as topics for the secretariat's workshop planner.

The planner (:func:`stocktake.network.plan_workshops`) chooses workshops from the support that
cities' departments asked for in their rounds. A screening adds what a city decided to do: the
key areas its chosen solutions address. The planner's page lists them beside the plan, city by
city, and marks a planned workshop whose topic one of them asked for; the plan's weights stay
those of the support requests, so that a screening does not outvote the departments' answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from stocktake_web.network.models import City, Cohort
from stocktake_web.screening.models import Screening, SolutionKeyArea


@dataclass
class SentTopic:
    """A key area (indicator) that a city's screenings sent, with the solutions behind it."""

    city: City
    indicator: str
    title: dict[str, str]
    solutions: list[str] = field(default_factory=list)
    screenings: list[Screening] = field(default_factory=list)


def sent_topics(cohort: Cohort) -> list[SentTopic]:
    """The key areas of the chosen solutions of every screening the cohort's cities sent to the
    planner, by city (in name order), framework and indicator (two frameworks may share an
    indicator's id without sharing its subject). A screening of a training round is left
    out, as the round is from every network result, even if it was sent before the round was
    marked as training."""
    rows = (
        SolutionKeyArea.objects.filter(
            solution__chosen=True,
            solution__screening__sent_to_planner_at__isnull=False,
            solution__screening__round__is_training=False,
            solution__screening__city__in=cohort.cities.all(),
        )
        .select_related("solution__screening__city", "solution__screening__round__framework")
        .order_by("solution__screening__city__slug", "indicator", "solution__name")
    )
    found: dict[tuple[int, str | None, str], SentTopic] = {}
    for row in rows:
        screening = row.solution.screening
        key = (screening.city_id, _framework_of(screening), row.indicator)
        if key not in found:
            found[key] = SentTopic(screening.city, row.indicator, _title(screening, row.indicator))
        topic = found[key]
        topic.solutions.append(row.solution.name)
        if screening not in topic.screenings:
            topic.screenings.append(screening)
    return list(found.values())


def cities_by_topic(topics: list[SentTopic], *, framework_id: str) -> dict[str, list[City]]:
    """For each indicator of the planned framework (``framework_id``: a :class:`Framework`, any
    of its versions), the cities whose screenings sent it: a plan's workshop on it serves what
    they decided to do. A key area of a screening on another framework is left out, even when
    its indicator has the same id."""
    by_topic: dict[str, list[City]] = defaultdict(list)
    for topic in topics:
        if any(_framework_of(screening) == framework_id for screening in topic.screenings):
            by_topic[topic.indicator].append(topic.city)
    return dict(by_topic)


def _framework_of(screening: Screening) -> str | None:
    return screening.round.framework.framework_id if screening.round is not None else None


def _title(screening: Screening, indicator: str) -> dict[str, str]:
    """The indicator's title in the screening's round's framework (its id when unknown)."""
    if screening.round is None:
        return {"en": indicator}
    try:
        return dict(screening.round.framework.load().indicator(indicator).title)
    except KeyError:
        return {"en": indicator}

"""For each key area of a city: the catalogue's resources that help, and the peers strong there.

The key areas are those of the city's latest signed-off round, as on the peers page. The peers
are found by the peers page's own rule (:func:`stocktake_web.peers.domain.peers.peers_of_city`):
only cities whose round is named to the cohort (*cohort, named* or *public summary*) are ever
listed, and only when they are strong on the indicator with evidence. The resources are ranked
by the core (:func:`stocktake.knowledge.recommend`); a policy or case of one of those peers
counts as "used by peers".
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from stocktake import knowledge as core
from stocktake import network as network_core
from stocktake_web.assessments.domain.results import PRIORITIES_TOP, round_records
from stocktake_web.assessments.models import Round
from stocktake_web.knowledge.domain.catalogue import core_catalogue
from stocktake_web.network.models import City
from stocktake_web.peers.domain.cohorts import NamedCohort, latest_signed_off_round
from stocktake_web.peers.domain.peers import CityPeers, peers_of_city


@dataclass(frozen=True)
class KeyAreaHelp:
    """One key area: what the catalogue offers and who can help."""

    rank: int
    indicator: str
    title: dict[str, str]
    recommendations: list[core.Recommendation]
    helpers: list[network_core.Helper] = field(default_factory=list)


@dataclass(frozen=True)
class CityKnowledge:
    """The city's latest signed-off round (None before its first) and its key areas."""

    round: Round | None
    key_areas: list[KeyAreaHelp]
    named: NamedCohort | None = None


def key_area_help(*, city: City, languages: Collection[str], today: datetime.date) -> CityKnowledge:
    """Each key area of the city's latest signed-off round with resources and willing peers."""
    round = latest_signed_off_round(city)
    if round is None:
        return CityKnowledge(round=None, key_areas=[])
    peers = peers_of_city(city=city, cohort_id=None, weights=network_core.SimilarityWeights())
    helpers = _helpers(peers)
    priorities = _priorities(round, peers)
    key_areas = [core.KeyArea.of(item) for item in priorities]
    framework = round.framework.load()
    found = core.recommend(
        core_catalogue(city.network),
        key_areas,
        vocabulary=core.Vocabulary.of([framework]),
        languages=[*languages, *(city.languages or [])],
        peers={k: _names(v, peers.named) for k, v in helpers.items()},
        today=today,
    )
    return CityKnowledge(
        round=round,
        key_areas=[
            KeyAreaHelp(
                rank=item["rank"],
                indicator=item["indicator"],
                title=item["title"],
                recommendations=found[item["indicator"]],
                helpers=helpers.get(item["indicator"], []),
            )
            for item in priorities
        ],
        named=peers.named,
    )


def _priorities(round: Round, peers: CityPeers) -> list[dict[str, Any]]:
    """The key areas the helpers were found for, else the round's stored ones."""
    if peers.help:
        return [area.key_area.to_dict() for area in peers.help]
    return list(round_records(round).priorities)[:PRIORITIES_TOP]


def _helpers(peers: CityPeers) -> dict[str, list[network_core.Helper]]:
    return {area.key_area.indicator: list(area.helpers) for area in peers.help}


def _names(helpers: list[network_core.Helper], named: NamedCohort | None) -> list[str]:
    """Each helper's short name and its name in every language, as a policy may cite it."""
    if named is None:
        return []
    found = []
    for helper in helpers:
        found.append(helper.city)
        found.extend(named.cities[helper.city].name.values())
    return found

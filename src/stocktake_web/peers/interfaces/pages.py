"""What the peers and planning pages show, as plain rows in the reader's language.

The core returns cities by id and reasons by code; these rows carry the names and sentences a
template prints, so templates only loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stocktake import network as core
from stocktake.frameworks import Framework
from stocktake_web.languages import localised
from stocktake_web.network.models import City
from stocktake_web.peers.domain.cohorts import NamedCohort
from stocktake_web.peers.interfaces import reasons


def names_of(named: NamedCohort) -> reasons.Names:
    return lambda slug: localised(named.cities[slug].name)


@dataclass(frozen=True)
class SimilarRow:
    name: str
    percent: str | None
    reasons: list[str]


@dataclass(frozen=True)
class HelperRow:
    name: str
    slug: str
    reasons: list[str]


@dataclass(frozen=True)
class KeyAreaRow:
    indicator: str
    helpers: list[HelperRow]


def similar_rows(found: list[core.Similarity], named: NamedCohort) -> list[SimilarRow]:
    names = names_of(named)
    return [
        SimilarRow(
            names(item.other),
            None if item.value is None else reasons.number(100 * item.value, 0),
            reasons.similarity_reasons(item, named.cities),
        )
        for item in found
    ]


def key_area_rows(found: list[core.HelpWithKeyArea], named: NamedCohort) -> list[KeyAreaRow]:
    framework, names = named.core.framework, names_of(named)
    return [
        KeyAreaRow(
            reasons.indicator_name(framework, area.key_area.indicator),
            [
                HelperRow(names(h.city), h.city, reasons.helper_reasons(h, framework, names))
                for h in area.helpers
            ],
        )
        for area in found
    ]


@dataclass(frozen=True)
class PairRow:
    cities: str
    value: str
    reasons: list[str]


@dataclass(frozen=True)
class GroupRow:
    number: int
    members: list[str]
    value: str
    pairs: list[PairRow]


def group_rows(
    grouping: core.Grouping, framework: Framework, cities: Mapping[str, City]
) -> list[GroupRow]:
    """Each group, its value and every pair inside it that can teach something, best first."""

    def names(slug: str) -> str:
        return localised(cities[slug].name)

    rows = []
    for number, (members, value) in enumerate(
        zip(grouping.groups, grouping.group_values, strict=True), start=1
    ):
        inside = set(members)
        pairs = sorted(
            (p for p in grouping.pairs if p.a in inside and p.b in inside and p.value > 0),
            key=lambda p: (-p.value, p.a, p.b),
        )
        rows.append(
            GroupRow(
                number,
                [names(city) for city in members],
                reasons.number(value, 3),
                [_pair_row(pair, framework, names) for pair in pairs],
            )
        )
    return rows


def _pair_row(pair: core.PairValue, framework: Framework, names: reasons.Names) -> PairRow:
    return PairRow(
        reasons.listed([names(pair.a), names(pair.b)]),
        reasons.number(pair.value, 3),
        reasons.pair_reasons(pair, framework, names),
    )


@dataclass(frozen=True)
class ParticipantRow:
    name: str
    reason: str


@dataclass(frozen=True)
class WorkshopRow:
    topic: str
    topic_id: str
    host: str
    weight: str
    participants: list[ParticipantRow]
    reasons: list[str]


def workshop_rows(plan: core.WorkshopPlan, named: NamedCohort) -> list[WorkshopRow]:
    framework, names = named.core.framework, names_of(named)
    return [
        WorkshopRow(
            reasons.indicator_name(framework, w.topic),
            w.topic,
            names(w.host),
            reasons.number(w.weight, 3),
            [
                ParticipantRow(names(p.city), reasons.participant_reason(p, framework, names))
                for p in w.participants
            ],
            reasons.workshop_reasons(w, framework, names),
        )
        for w in plan.workshops
    ]

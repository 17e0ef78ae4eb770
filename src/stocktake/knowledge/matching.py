"""What helps with a key area for development: resources ranked, each with its reasons.

A resource is proposed for a key area only when it is **on the subject**: tagged with the key
area's indicator, or sharing one of its SDG targets or development pathways (the indicator's
own tags in the framework file). Among those, each reason adds to a score:

=============  ======  ==================================================================
reason         points  when
=============  ======  ==================================================================
``indicator``  4       tagged with the key area's indicator
``sdg``        1       shares an SDG target with the indicator
``pathway``    1       shares a development pathway with the indicator
``support``    2       gives a kind of support the city's departments asked for there
``language``   1       available in one of the reader's or the city's working languages
``peer``       2       the policy or case of a city strong on the indicator that shares
=============  ======  ==================================================================

Resources are ordered by score, then newest first, then by id; a financing opportunity whose
deadline has passed is never proposed. The points favour the frameworks' own tags over broad
pathways, and they are documented so that a secretariat can see why a resource came first.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stocktake.knowledge.records import Resource
from stocktake.knowledge.vocabulary import Vocabulary
from stocktake.priorities import Priority

POINTS: dict[str, int] = {
    "indicator": 4,
    "sdg": 1,
    "pathway": 1,
    "support": 2,
    "language": 1,
    "peer": 2,
}
ON_SUBJECT = frozenset({"indicator", "sdg", "pathway"})
"""Reasons that make a resource relevant at all; the others only rank relevant ones."""
TOP = 5
"""Resources proposed per key area."""


@dataclass(frozen=True)
class KeyArea:
    """A key area for development as matching needs it: its indicator and the support asked."""

    indicator: str
    rank: int = 0
    support: tuple[str, ...] = ()

    @classmethod
    def of(cls, priority: Priority | Mapping[str, Any]) -> KeyArea:
        """From the core's :class:`~stocktake.priorities.Priority` or its stored dict form."""
        values = priority.to_dict() if isinstance(priority, Priority) else priority
        return cls(values["indicator"], values.get("rank", 0), tuple(values.get("support") or ()))


@dataclass(frozen=True)
class Reason:
    """Why a resource is proposed: a code, its values for translation, and English."""

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    resource: Resource
    score: int
    reasons: tuple[Reason, ...]


def recommend(
    resources: Iterable[Resource],
    key_areas: Sequence[KeyArea],
    *,
    vocabulary: Vocabulary,
    languages: Collection[str] = (),
    peers: Mapping[str, Collection[str]] | None = None,
    today: datetime.date | None = None,
    top: int = TOP,
) -> dict[str, list[Recommendation]]:
    """For each key area (by indicator id), the best ``top`` resources with their reasons.

    Parameters
    ----------
    languages
        Language tags the reader and the city work in (``en``, ``zh-Hant`` …).
    peers
        Indicator id -> the cities strong there that agreed to share, as short names and names
        in any language; a resource whose ``city`` is one of them was "used by peers".
    today
        Financing opportunities whose deadline is before this day are left out.
    """
    peers = peers or {}
    wanted = {lang.casefold() for lang in languages}
    current = [r for r in resources if not _expired(r, today)]
    found: dict[str, list[Recommendation]] = {}
    for area in key_areas:
        cities = {name.casefold() for name in peers.get(area.indicator, ())}
        scored = [_scored(r, area, vocabulary, wanted, cities) for r in current]
        chosen = [item for item in scored if item is not None]
        chosen.sort(
            key=lambda i: (
                -i.score,
                i.resource.year is None,
                -(i.resource.year or 0),
                i.resource.id,
            )
        )
        found[area.indicator] = chosen[:top]
    return found


def _expired(resource: Resource, today: datetime.date | None) -> bool:
    return (
        today is not None
        and resource.kind == "financing"
        and resource.deadline is not None
        and resource.deadline < today
    )


def _scored(
    resource: Resource,
    area: KeyArea,
    vocabulary: Vocabulary,
    languages: set[str],
    cities: set[str],
) -> Recommendation | None:
    reasons = list(_reasons(resource, area, vocabulary, languages, cities))
    if not any(reason.code in ON_SUBJECT for reason in reasons):
        return None
    score = sum(POINTS[reason.code] for reason in reasons)
    return Recommendation(resource, score, tuple(reasons))


def _reasons(
    resource: Resource,
    area: KeyArea,
    vocabulary: Vocabulary,
    languages: set[str],
    cities: set[str],
) -> Iterable[Reason]:
    indicator = area.indicator
    if indicator in resource.indicators:
        yield Reason("indicator", f"Tagged with {indicator}.", {"indicator": indicator})
    on_framework_tags = (
        ("sdg", "targets", "SDG targets", resource.sdg_targets, vocabulary.indicator_sdg_targets),
        ("pathway", "pathways", "pathways", resource.pathways, vocabulary.indicator_pathways),
    )
    for code, key, words, tags, of_indicator in on_framework_tags:
        shared = _shared(tags, of_indicator.get(indicator, ()))
        if shared:
            text = f"On the {words} of {indicator}: {', '.join(shared)}."
            yield Reason(code, text, {"indicator": indicator, key: shared})
    support = _shared(resource.support, area.support)
    if support:
        yield Reason(
            "support", f"Gives the support asked for: {', '.join(support)}.", {"support": support}
        )
    spoken = [lang for lang in resource.languages if lang.casefold() in languages]
    if spoken:
        yield Reason("language", f"Available in {', '.join(spoken)}.", {"languages": spoken})
    if resource.city and resource.city.casefold() in cities:
        yield Reason(
            "peer",
            f"From {resource.city}, strong on {indicator} and sharing.",
            {"city": resource.city, "indicator": indicator},
        )


def _shared(items: Sequence[str], wanted: Collection[str]) -> list[str]:
    return [item for item in items if item in wanted]

"""Rounds on a framework and on versions derived from it, compared on the indicators they share.

A derived version (``derived_from`` in its file, :mod:`stocktake.frameworks.derive`) keeps some of
its base's indicators, rewords some, drops some and adds local ones. Rounds on the base and on its
derivations (a framework *family*, named by the base's ``id@version``) are compared on the
indicators every one of them shares with the base: kept or reworded (a reword changes words,
never a scale), on the base's scale, applicable in every version. Dropped, local, rescaled and
not-applicable indicators are not compared.

Groups, dimensions, pathways and the total are scored again from each round's points on the
shared indicators alone, on the base's tree and weights, so that every city's score sums the same
indicators the same way (``docs/methods.md``, section 11).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stocktake.consolidate import ConsolidatedValue, Consolidation
from stocktake.frameworks.diff import scale
from stocktake.frameworks.schema import Framework
from stocktake.scoring import score_assessment


def family(framework: Framework) -> str:
    """The ``id@version`` of the framework a version belongs with: its base, or itself."""
    derived = framework.derived_from
    return derived.key if derived is not None else framework.key


@dataclass(frozen=True)
class VersionPart:
    """What one compared version leaves out of the comparison, by reason."""

    key: str
    dropped: tuple[str, ...]
    """Base indicators this version does not have."""
    local: tuple[str, ...]
    """Its own indicators, not in the base."""
    not_applicable: tuple[str, ...]
    """Indicators it marks not applicable."""
    elsewhere: tuple[str, ...]
    """Indicators it shares with the base that another compared version does not."""


@dataclass(frozen=True)
class SharedPart:
    """The indicators several versions of one family are compared on, and the tree to score.

    ``framework`` is the base restricted to ``indicators`` (groups left empty are left out).
    """

    base: str
    indicators: tuple[str, ...]
    framework: Framework
    versions: tuple[VersionPart, ...]

    def part(self, key: str) -> VersionPart:
        return next(version for version in self.versions if version.key == key)


def shared_part(base: Framework, versions: Sequence[Framework]) -> SharedPart:
    """The part of ``base`` that every one of ``versions`` (of its family) can be compared on.

    Raises
    ------
    ValueError
        When a version belongs with another base, or the versions share no indicator.
    """
    strangers = [v.key for v in versions if family(v) != base.key and v.key != base.key]
    if strangers:
        raise ValueError(
            f"{', '.join(strangers)} {'is' if len(strangers) == 1 else 'are'} not derived from "
            f"{base.key}, so cannot be compared with it"
        )
    own = {version.key: comparable_ids(base, version) for version in versions}
    shared = [ind.id for ind in base.indicators() if all(ind.id in found for found in own.values())]
    if not shared:
        raise ValueError(f"the versions of {base.key} compared share no indicator")
    base_ids = {ind.id for ind in base.indicators()}
    parts = tuple(
        VersionPart(
            key=version.key,
            dropped=tuple(key for key in _ids(base) if key not in _ids(version)),
            local=tuple(key for key in _ids(version) if key not in base_ids),
            not_applicable=tuple(sorted(version.not_applicable)),
            elsewhere=tuple(key for key in own[version.key] if key not in shared),
        )
        for version in versions
    )
    return SharedPart(base.key, tuple(shared), restricted(base, set(shared)), parts)


def restricted(framework: Framework, keep: set[str]) -> Framework:
    """``framework`` with only the indicators in ``keep`` (and the groups that still hold some).

    The result is no framework file of its own: no crosswalk, no derivation record.
    """
    data = framework.model_dump(mode="python", exclude={"crosswalk", "derived_from"})
    data["groups"] = _pruned(data["groups"], keep)
    return Framework.model_validate(data)


def rescored(part: SharedPart, indicators: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A stored record's scores again, from its points on the shared indicators alone.

    ``indicators`` is a stored record's ``indicators`` (id -> at least ``points``); the result
    is a record of the same form (:meth:`~stocktake.scoring.AssessmentScore.to_dict`).
    """
    points = {key: (indicators.get(key) or {}).get("points") for key in part.indicators}
    return score_assessment(part.framework, points_consolidation(part.framework, points)).to_dict()


def points_consolidation(framework: Framework, points: Mapping[str, float | None]) -> Consolidation:
    """A consolidation whose values are the given points, for scoring stored or mapped results.

    Scoring reads only the points, so groups are scored by the one rule
    :func:`stocktake.scoring.score_assessment` applies to every assessment.
    """
    values = {}
    for indicator in framework.indicators():
        value = points.get(indicator.id)
        if value is None:
            values[indicator.id] = ConsolidatedValue(
                indicator.id, None, None, "unanswered", 0, 0.0, False
            )
        else:
            values[indicator.id] = ConsolidatedValue(
                indicator.id, value, value, "single", 1, 0.0, False
            )
    return Consolidation(values, [], None, "median", 0.0)


def _ids(framework: Framework) -> list[str]:
    return [ind.id for ind in framework.indicators()]


def _pruned(groups: list[dict[str, Any]], keep: set[str]) -> list[dict[str, Any]]:
    kept = []
    for group in groups:
        indicators = [ind for ind in group["indicators"] if ind["id"] in keep]
        children = _pruned(group["groups"], keep)
        if indicators or children:
            kept.append({**group, "indicators": indicators, "groups": children})
    return kept


def comparable_ids(a: Framework, b: Framework) -> set[str]:
    """The indicators two versions of one family both have on one scale, applicable in both,
    and not local to either (a local indicator shares an id by chance, never a meaning)."""
    theirs = {ind.id: ind for ind in b.indicators()}
    local = _local(a) | _local(b)
    return {
        ind.id
        for ind in a.indicators()
        if ind.id in theirs
        and ind.id not in local
        and ind.id not in a.not_applicable
        and ind.id not in b.not_applicable
        and scale(theirs[ind.id]) == scale(ind)
    }


@dataclass(frozen=True)
class SharedSummary:
    """How two versions of one family were compared: ``count`` shared indicators; the base
    indicators ``derived`` lacks (``dropped``) and its own ones (``local``) left out."""

    derived: str
    other: str
    count: int
    dropped: int
    local: int

    @property
    def text(self) -> str:
        """ "Compared on the 34 indicators issa-36-kaohsiung 1.0.0 shares with issa-36 1.0.1; …"."""
        plural = "s" if self.local != 1 else ""
        return (
            f"Compared on the {self.count} indicators {self.derived.replace('@', ' ')} shares "
            f"with {self.other.replace('@', ' ')}; {self.dropped} dropped, {self.local} local "
            f"indicator{plural} not compared."
        )


def shared_summary(a: Framework, b: Framework, count: int) -> SharedSummary:
    """The summary of comparing ``a`` and ``b`` on ``count`` shared indicators, told from the
    derived one's side (the later one's when both are derived)."""
    derived, other = (b, a) if b.derived_from is not None else (a, b)
    ids = {ind.id for ind in derived.indicators()}
    dropped = sum(1 for ind in other.indicators() if ind.id not in ids)
    return SharedSummary(derived.key, other.key, count, dropped, len(_local(derived)))


def _local(framework: Framework) -> set[str]:
    derived = framework.derived_from
    return set(derived.added) if derived is not None else set()

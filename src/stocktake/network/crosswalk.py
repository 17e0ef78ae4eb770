"""Reading a round answered on an earlier version of a framework through the file's crosswalk.

A framework file may carry a ``crosswalk`` from the version before it (:class:`~stocktake
.frameworks.schema.Crosswalk`): indicators renamed, split, merged or dropped. This module decides
whether a round needs it, rebuilds the earlier version when its file is not at hand, and maps
each earlier indicator's result onto the current indicators (``docs/methods.md``, section 10):

* **renamed**: the result moves to the new id;
* **split**: every part inherits the whole's result;
* **merged**: the merged indicator takes the mean of its sources' results (those answered);
* **dropped**: the result leaves the comparison.

When the earlier file is not given, each old indicator is read on the scale of its successor (the
first part of a split): right when a change kept the scale, which is what a crosswalk is for;
give the earlier file when scales changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from stocktake.frameworks.schema import Crosswalk, Framework
from stocktake.network.comparable import family
from stocktake.network.errors import NetworkError

Kind = Literal["renamed", "split", "merged", "dropped"]
T = TypeVar("T")


@dataclass(frozen=True)
class CrosswalkUse:
    """One entry of the crosswalk that a comparison used, with a sentence saying how."""

    kind: Kind
    old: tuple[str, ...]
    new: tuple[str, ...]
    text: str


def entries(crosswalk: Crosswalk) -> Iterator[tuple[Kind, tuple[str, ...], tuple[str, ...]]]:
    """Every entry as (kind, old ids, current ids)."""
    for old, new in crosswalk.renamed.items():
        yield "renamed", (old,), (new,)
    for old, parts in crosswalk.split.items():
        yield "split", (old,), tuple(parts)
    for new, sources in crosswalk.merged.items():
        yield "merged", tuple(sources), (new,)
    for old in crosswalk.dropped:
        yield "dropped", (old,), ()


def reading_framework(
    framework: Framework, indicator_ids: Collection[str], earlier: Framework | None = None
) -> tuple[Framework, bool]:
    """The framework to read an earlier round with, and whether the crosswalk applies.

    Parameters
    ----------
    framework
        The current framework, which may carry a crosswalk.
    indicator_ids
        The indicators the earlier round answered.
    earlier
        The earlier version's framework, when its file is at hand.

    Without ``earlier``, a round whose indicators all belong to ``framework`` is read as the
    same version; one that answers other indicators is read through the crosswalk, on the
    earlier version rebuilt by :func:`earlier_framework`.
    """
    crosswalk = framework.crosswalk
    if earlier is not None:
        if earlier.id != framework.id and family(earlier) == family(framework):
            return earlier, False  # a derived version and its base: compared on what they share
        if earlier.id != framework.id:
            raise NetworkError(
                f"the earlier round is on framework {earlier.id} and the later one on "
                f"{framework.id}; progress compares rounds of one framework"
            )
        if earlier.version == framework.version:
            return framework, False
        if crosswalk is None or crosswalk.from_version != earlier.version:
            raise NetworkError(
                f"{framework.key} has no crosswalk from version {earlier.version}, so answers on "
                "that version cannot be compared with it; add a crosswalk to the framework file"
            )
        return earlier, True
    current = {ind.id for ind in framework.indicators()}
    unknown = sorted(set(indicator_ids) - current)
    if not unknown:
        return framework, False
    if crosswalk is None:
        raise NetworkError(
            f"the earlier round answers {', '.join(unknown)}, which {framework.key} does not "
            "have, and the framework has no crosswalk from an earlier version"
        )
    old_ids = {old for _, olds, _ in entries(crosswalk) for old in olds}
    strays = [key for key in unknown if key not in old_ids]
    if strays:
        raise NetworkError(
            f"the earlier round answers {', '.join(strays)}, which is neither an indicator of "
            f"{framework.key} nor named in its crosswalk from version {crosswalk.from_version}"
        )
    return earlier_framework(framework), True


def earlier_framework(framework: Framework) -> Framework:
    """The earlier version as far as the crosswalk tells: each old id on its successor's scale.

    Old indicators are added next to their successor; dropped ones, whose scale nothing tells,
    are left out (their answers leave the comparison anyway).
    """
    crosswalk = _crosswalk(framework)
    clones: dict[str, list[str]] = {}
    for kind, olds, news in entries(crosswalk):
        if kind == "dropped":
            continue
        for old in olds:
            if old != news[0] and old not in news:
                clones.setdefault(news[0], []).append(old)
    data = framework.model_dump(mode="python", exclude={"crosswalk"})
    data["version"] = crosswalk.from_version
    _add_clones(data["groups"], clones)
    return Framework.model_validate(data)


def _add_clones(groups: list[dict[str, Any]], clones: Mapping[str, list[str]]) -> None:
    for group in groups:
        extra = [
            {**indicator, "id": old}
            for indicator in group["indicators"]
            for old in clones.get(indicator["id"], [])
        ]
        group["indicators"].extend(extra)
        _add_clones(group["groups"], clones)


def map_results(
    framework: Framework,
    results: Mapping[str, T],
    combine: Callable[[list[T]], T],
    *,
    answered: Collection[str] = (),
) -> tuple[dict[str, T], list[CrosswalkUse]]:
    """Earlier results (old id -> result) as current results, and the entries that were used.

    ``combine`` merges the results of a merged indicator's answered sources. An entry counts as
    used when one of its old indicators has a result or is in ``answered`` (a dropped indicator
    has answers but no result).
    """
    crosswalk = _crosswalk(framework)
    mapped: dict[str, T] = {}
    uses: list[CrosswalkUse] = []
    claimed: set[str] = set()
    for kind, olds, news in entries(crosswalk):
        claimed.update(news)
        present = [results[old] for old in olds if old in results]
        if present or any(old in answered for old in olds):
            uses.append(CrosswalkUse(kind, olds, news, _sentence(kind, olds, news, crosswalk)))
        if not present:
            continue
        for new in news:
            mapped[new] = combine(present) if kind == "merged" else present[0]
    for indicator in framework.indicators():
        key = indicator.id
        if key not in claimed and key in results:
            mapped[key] = results[key]
    return mapped, uses


def _crosswalk(framework: Framework) -> Crosswalk:
    if framework.crosswalk is None:
        raise NetworkError(f"{framework.key} has no crosswalk from an earlier version")
    return framework.crosswalk


def _sentence(
    kind: Kind, olds: tuple[str, ...], news: tuple[str, ...], crosswalk: Crosswalk
) -> str:
    version = f"version {crosswalk.from_version}"
    if kind == "renamed":
        return f"{olds[0]} of {version} is read as {news[0]} (renamed)."
    if kind == "split":
        return f"{olds[0]} of {version} was split: {', '.join(news)} each inherit its result."
    if kind == "merged":
        return f"{', '.join(olds)} of {version} were merged into {news[0]}: it takes their mean."
    return f"{olds[0]} of {version} was dropped: it leaves the comparison."

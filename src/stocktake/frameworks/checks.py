"""Rules that span a whole framework file, reported as a list so a validator can show them all.

The pydantic models check each field's form; these checks need the whole tree: ids unique across
groups and indicators, departments and support kinds declared before use, every text complete in
each language the file claims, maturity levels and bands in order, a crosswalk from an
earlier version that maps onto indicators the file has, and, in a derived version, a record that
accounts for every indicator once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from stocktake.frameworks.schema import (
    BandedIndicator,
    ChoiceIndicator,
    Crosswalk,
    DerivedFrom,
    Framework,
    Group,
    MaturityIndicator,
    NumericIndicator,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file: where (a dotted path inside it) and what to do."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(top level)'}: {self.message}"


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {"maturity", "banded", "numeric", "yes_no", "choice"}:
            continue  # the discriminator tag pydantic inserts; not part of the file's structure
        else:
            out += f".{part}" if out else str(part)
    return out


_FRIENDLY = {
    "missing": "this field is required but missing",
    "extra_forbidden": "this field is not part of the framework format; check its spelling",
    "union_tag_invalid": ("'type' must be one of maturity, banded, numeric, yes_no or choice"),
    "union_tag_not_found": (
        "each indicator needs a 'type': maturity, banded, numeric, yes_no or choice"
    ),
}


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into problems with file paths and sentences a person can act on."""
    problems = []
    for item in error.errors():
        message = _FRIENDLY.get(item["type"], item["msg"])
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(Problem(_format_loc(tuple(item["loc"])), message))
    return problems


def check_framework(framework: Framework) -> list[Problem]:
    """Every problem of a structurally valid framework; empty when it is sound."""
    return [
        *_check_unique_ids(framework),
        *_check_references(framework),
        *_check_levels_and_bands(framework),
        *_check_translations(framework),
        *_check_crosswalk(framework),
        *_check_derivation(framework),
    ]


def _indexed_groups(groups: list[Group], prefix: str = "groups") -> Iterator[tuple[str, Group]]:
    for i, group in enumerate(groups):
        path = f"{prefix}[{i}]"
        yield path, group
        yield from _indexed_groups(group.groups, f"{path}.groups")


def _indexed_indicators(framework: Framework) -> Iterator[tuple[str, Any]]:
    for path, group in _indexed_groups(framework.groups):
        for j, ind in enumerate(group.indicators):
            yield f"{path}.indicators[{j}]", ind


def _check_unique_ids(framework: Framework) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    nodes = [*_indexed_groups(framework.groups), *_indexed_indicators(framework)]
    for path, node in nodes:
        if node.id in seen:
            yield Problem(
                f"{path}.id",
                f"id '{node.id}' is already used at {seen[node.id]}; ids must be unique "
                "across groups and indicators",
            )
        else:
            seen[node.id] = path
    for key in ("departments", "support_kinds"):
        ids = [item.id for item in getattr(framework, key)]
        for i, item_id in enumerate(ids):
            if item_id in ids[:i]:
                yield Problem(f"{key}[{i}].id", f"'{item_id}' is declared twice in {key}")


def _check_references(framework: Framework) -> Iterator[Problem]:
    departments = {d.id for d in framework.departments}
    for path, ind in _indexed_indicators(framework):
        for k, dept in enumerate(ind.departments):
            if dept not in departments:
                yield Problem(
                    f"{path}.departments[{k}]",
                    f"department '{dept}' is not declared in the framework's 'departments' list",
                )
        for k, pathway in enumerate(ind.pathways):
            if pathway in ind.pathways[:k]:
                yield Problem(f"{path}.pathways[{k}]", f"pathway '{pathway}' is listed twice")
    for path, group in _indexed_groups(framework.groups):
        if not group.groups and not group.indicators:
            yield Problem(path, f"group '{group.id}' has neither groups nor indicators")


def _check_levels_and_bands(framework: Framework) -> Iterator[Problem]:
    for path, ind in _indexed_indicators(framework):
        if isinstance(ind, MaturityIndicator):
            values = [level.value for level in ind.levels]
            if values != sorted(set(values)):
                yield Problem(
                    f"{path}.levels",
                    "level values must be unique and listed from lowest to highest",
                )
        elif isinstance(ind, BandedIndicator):
            yield from _check_bands(path, ind)
        elif isinstance(ind, ChoiceIndicator):
            ids = [option.id for option in ind.options]
            if len(ids) != len(set(ids)):
                yield Problem(f"{path}.options", "option ids must be unique")
        elif isinstance(ind, NumericIndicator) and ind.goalposts is not None:
            low, high = ind.goalposts
            if low == high:
                yield Problem(f"{path}.goalposts", "the two goalposts must differ")
        if ind.target is not None and not ind.min_points <= ind.target <= ind.max_points:
            yield Problem(
                f"{path}.target",
                f"target {ind.target:g} lies outside the indicator's points "
                f"{ind.min_points:g}–{ind.max_points:g}",
            )


def _check_bands(path: str, ind: BandedIndicator) -> Iterator[Problem]:
    bands = ind.bands.bands
    for k, band in enumerate(bands):
        if band.min is not None and band.max is not None and band.min > band.max:
            yield Problem(f"{path}.bands.bands[{k}]", "a band's min must not exceed its max")
    for k in range(1, len(bands)):
        prev, cur = bands[k - 1], bands[k]
        if prev.max is None or cur.min is None:
            yield Problem(
                f"{path}.bands.bands[{k}]",
                "only the first band may be open below and only the last open above; "
                "list bands from the lowest values to the highest",
            )
            continue
        touching = prev.max == cur.min and prev.max_inclusive and cur.min_inclusive
        if cur.min < prev.max or touching:
            yield Problem(
                f"{path}.bands.bands[{k}]",
                f"this band overlaps the one before it at {cur.min:g}; make one bound exclusive "
                "or move it",
            )


def _check_crosswalk(framework: Framework) -> Iterator[Problem]:
    """A crosswalk maps each old id once, onto current indicators, each claimed by one entry.

    An old id that is still a current id may only be one of its own successors (a split that
    keeps the id for one part, a merge into one of the merged ids); renaming or dropping it would
    contradict the rule that an id present in both versions is unchanged.
    """
    crosswalk = framework.crosswalk
    if crosswalk is None:
        return
    if crosswalk.from_version == framework.version:
        yield Problem(
            "crosswalk.from_version",
            f"the crosswalk maps from version {crosswalk.from_version}, which is this file's own "
            "version; name the earlier version its answers were given on",
        )
    current = {ind.id for ind in framework.indicators()}
    claimed: dict[str, str] = {}
    mapped: dict[str, str] = {}
    for path, old_ids, new_ids in _crosswalk_entries(crosswalk):
        if len(set(new_ids)) < len(new_ids):
            yield Problem(path, "a split names the same indicator twice")
        for new_id in new_ids:
            if new_id not in current:
                yield Problem(path, f"'{new_id}' is not an indicator of this framework")
            elif new_id in claimed and claimed[new_id] != path:
                yield Problem(
                    path, f"'{new_id}' is already the successor named at {claimed[new_id]}"
                )
            claimed.setdefault(new_id, path)
        for old_id in old_ids:
            if old_id in mapped:
                yield Problem(
                    path, f"old indicator '{old_id}' is already mapped at {mapped[old_id]}"
                )
            mapped.setdefault(old_id, path)
            if old_id in current and old_id not in new_ids:
                yield Problem(
                    path,
                    f"'{old_id}' is still an indicator of this framework, so it is unchanged; "
                    "map it only onto itself or remove it from the crosswalk",
                )


def _crosswalk_entries(crosswalk: Crosswalk) -> Iterator[tuple[str, list[str], list[str]]]:
    """Each entry as (path in the file, old ids, current ids)."""
    for old_id, new_id in crosswalk.renamed.items():
        yield f"crosswalk.renamed.{old_id}", [old_id], [new_id]
    for old_id, parts in crosswalk.split.items():
        yield f"crosswalk.split.{old_id}", [old_id], list(parts)
    for new_id, sources in crosswalk.merged.items():
        yield f"crosswalk.merged.{new_id}", list(sources), [new_id]
    for k, old_id in enumerate(crosswalk.dropped):
        yield f"crosswalk.dropped[{k}]", [old_id], []


def _texts(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every multilingual text below ``node`` with its path (texts are dicts with 'en')."""
    if isinstance(node, dict) and "en" in node and all(isinstance(v, str) for v in node.values()):
        yield path, node
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


_UNTRANSLATED = {"provenance.note", "licence", "derived_from.note"}
"""Texts a file may hold in fewer languages than it declares: notes in their authors' own."""


def _check_translations(framework: Framework) -> Iterator[Problem]:
    data = framework.model_dump(mode="python", exclude_none=True)
    yield from text_problems(data, framework.languages)


def text_problems(data: Mapping[str, Any], languages: list[str]) -> list[Problem]:
    """Texts below ``data`` (a dumped framework or part of one) missing one of ``languages``."""
    wanted = [lang for lang in languages if lang != "en"]
    found = []
    for path, text in _texts(data, ""):
        if path in _UNTRANSLATED or path.endswith("provenance.note"):
            continue
        missing = [lang for lang in wanted if not text.get(lang, "").strip()]
        if missing:
            found.append(
                Problem(
                    path,
                    f"the file declares languages {', '.join(languages)} but this text "
                    f"has no {', '.join(missing)} version; translate it or remove the language "
                    "from 'languages'",
                )
            )
    return found


def _check_derivation(framework: Framework) -> Iterator[Problem]:
    """A derived version lists each of its indicators once, as kept, reworded or added.

    Dropped ids must have left the file, indicators not applicable must be in it, reworded
    languages must be the file's, and at least one indicator must be shared with the base. What
    needs the base itself (do the ids exist there, are the scales the same) is checked by
    :func:`stocktake.frameworks.derive.check_against_base`.
    """
    derived = framework.derived_from
    if derived is None:
        return
    if derived.key == framework.key:
        yield Problem("derived_from", "a framework cannot be derived from itself")
    present = [ind.id for ind in framework.indicators()]
    listed: dict[str, str] = {}
    for path, key in _derivation_entries(derived):
        if key in listed:
            yield Problem(path, f"'{key}' is already listed at {listed[key]}")
            continue
        listed[key] = path
        if key not in present:
            yield Problem(path, f"'{key}' is not an indicator of this file")
    unlisted = [key for key in present if key not in listed]
    if unlisted:
        yield Problem(
            "derived_from",
            f"{', '.join(unlisted)} {'is' if len(unlisted) == 1 else 'are'} in the file but not "
            "listed as kept, reworded or added; list each indicator once",
        )
    for k, key in enumerate(derived.dropped):
        if key in present:
            yield Problem(f"derived_from.dropped[{k}]", f"'{key}' is dropped but still in the file")
    for k, key in enumerate(derived.not_applicable):
        if key not in present:
            yield Problem(
                f"derived_from.not_applicable[{k}]", f"'{key}' is not an indicator of this file"
            )
    for key, languages in derived.reworded.items():
        strangers = [lang for lang in languages if lang not in framework.languages]
        if strangers:
            yield Problem(
                f"derived_from.reworded.{key}",
                f"{', '.join(strangers)} {'is' if len(strangers) == 1 else 'are'} not among the "
                f"file's languages ({', '.join(framework.languages)})",
            )
    if not derived.shared:
        yield Problem(
            "derived_from",
            f"no indicator is shared with {derived.key}: keep or reword at least one, and leave "
            "it applicable",
        )


def _derivation_entries(derived: DerivedFrom) -> Iterator[tuple[str, str]]:
    for k, key in enumerate(derived.kept):
        yield f"derived_from.kept[{k}]", key
    for key in derived.reworded:
        yield f"derived_from.reworded.{key}", key
    for k, key in enumerate(derived.added):
        yield f"derived_from.added[{k}]", key

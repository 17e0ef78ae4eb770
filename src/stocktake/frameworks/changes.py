"""Reading a changes file against its base framework, and building the derived framework's data.

The rules of each key are described in :mod:`stocktake.frameworks.derive`; this module reads them
all, collecting every problem with its key (``reword.GOV-03.title.fr``) instead of stopping at the
first, and assembles the derived file as plain data for the loader to validate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from stocktake.frameworks.checks import Problem, problems_from_validation, text_problems
from stocktake.frameworks.schema import DerivedFrom, Framework, Indicator, MaturityIndicator

DEFAULT_VERSION = "1.0.0"
"""The version of a derived framework whose changes name none."""

CHANGE_KEYS: tuple[str, ...] = (
    "id",
    "version",
    "title",
    "short_title",
    "description",
    "publisher",
    "note",
    "drop",
    "reword",
    "weights",
    "not_applicable",
    "add",
)
REWORD_KEYS: tuple[str, ...] = ("title", "description", "guidance", "levels")

_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")
_INDICATOR = TypeAdapter(Indicator)


def listing(items: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``: names in a sentence."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class Plan:
    """Reads the changes against the base, collecting every problem, then builds the file."""

    def __init__(self, base: Framework, changes: Mapping[str, Any]) -> None:
        self.base = base
        self.changes = changes
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.indicators = {ind.id: ind for ind in base.indicators()}
        self.group_ids = {group_id for group_id, _ in _groups(base.model_dump(mode="json"))}
        root = base.derived_from
        self.root_dropped = set(root.dropped) if root is not None else set()
        self.local = set(root.added) if root is not None else set()
        self.reworded_in: dict[str, list[str]] = {}
        """Indicator id -> the languages its reword gives."""

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- reading each key ------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        for key in self.changes:
            if key not in CHANGE_KEYS:
                self.problem(
                    str(key),
                    f"'{key}' is not a key of a changes file; use {listing(CHANGE_KEYS)}",
                )
        new_id, version = self._identity()
        dropped = self._id_list("drop", set())
        not_applicable = self._id_list("not_applicable", dropped)
        rewords = self._rewords(dropped)
        adds = self._adds()
        weights = self._weights(dropped, {ind["id"] for _, ind in adds})
        self._check_something_shared(dropped | not_applicable)
        for key, weight in weights.items():
            if weight == 0 and key in self.indicators and key not in not_applicable:
                not_applicable.add(key)
                self.warnings.append(f"{key} has weight 0, so it is marked not applicable")
        data = self.base.model_dump(
            mode="json", exclude_unset=True, exclude={"crosswalk", "derived_from"}
        )
        data["groups"] = self._groups(data["groups"], dropped, rewords, weights, adds)
        self._top_texts(data, new_id)
        data["id"], data["version"] = new_id, version
        data["derived_from"] = self._record(
            dropped, not_applicable, rewords, [ind["id"] for _, ind in adds]
        )
        if self.base.scoring.method == "sum" and any(w > 0 for w in weights.values()):
            self.warnings.append(
                f"{self.base.key} adds up points ('sum' scoring), so weights do not change its "
                "scores"
            )
        return data

    def _identity(self) -> tuple[str, str]:
        new_id = self.changes.get("id")
        if new_id is None:
            self.problem("id", "the derived framework needs an id, such as issa-36-kaohsiung")
            new_id = f"{self.base.id}-derived"
        elif not isinstance(new_id, str) or not _IDENTIFIER.match(new_id) or len(new_id) > 64:
            self.problem(
                "id",
                "an id is up to 64 letters, digits, '.', '_' and '-', starting with a letter "
                "or digit",
            )
            new_id = f"{self.base.id}-derived"
        version = self.changes.get("version", DEFAULT_VERSION)
        if not isinstance(version, str) or not _VERSION.match(version):
            self.problem(
                "version",
                f"'{version}' is not a version such as \"1.0.0\"; write it in quotes so that "
                "YAML reads it as text",
            )
            version = DEFAULT_VERSION
        if f"{new_id}@{version}" == self.base.key:
            self.problem(
                "id",
                f"{self.base.key} is the base itself; give the derived version an id of its "
                "own (or, to edit a derived version, a new version number)",
            )
        return new_id, version

    def _ids(self, key: str) -> Iterator[tuple[str, str]]:
        """``(path, id)`` for each entry of the list under ``key``, naming the malformed ones."""
        listed = self.changes.get(key) or []
        if not isinstance(listed, list):
            self.problem(key, f"'{key}' must be a list of indicator ids")
            return
        for i, item in enumerate(listed):
            if isinstance(item, str):
                yield f"{key}[{i}]", item
            else:
                self.problem(f"{key}[{i}]", f"{item!r} is not an indicator id")

    def _id_list(self, key: str, dropped: set[str]) -> set[str]:
        found: set[str] = set()
        for path, item in self._ids(key):
            if item in found:
                self.problem(path, f"'{item}' is listed twice")
            elif self._known(path, item, dropped):
                found.add(item)
        return found

    def _known(self, path: str, item: str, dropped: set[str]) -> bool:
        """Whether ``item`` is an indicator of the base not dropped; a problem otherwise."""
        if item not in self.indicators:
            self.problem(path, f"'{item}' is not an indicator of {self.base.key}")
            return False
        if item in dropped:
            self.problem(path, f"'{item}' is also dropped; a dropped indicator has nothing left")
            return False
        return True

    def _check_something_shared(self, left_out: set[str]) -> None:
        """At least one base indicator must stay, applicable, to compare the versions on."""
        shared = [key for key in self.indicators if key not in left_out and key not in self.local]
        if not shared:
            self.problem(
                "drop",
                f"every indicator of {self.base.key} would be dropped or not applicable; a "
                "derived version keeps at least one, so that it can be compared with its base",
            )

    # -- rewording ----------------------------------------------------------------------------

    def _rewords(self, dropped: set[str]) -> dict[str, dict[str, Any]]:
        """Indicator id -> the rewritten texts (the base's text updated with the new ones)."""
        given = self.changes.get("reword") or {}
        if not isinstance(given, Mapping):
            self.problem("reword", "'reword' must map indicator ids to the texts that change")
            return {}
        found = {}
        for key, texts in given.items():
            path = f"reword.{key}"
            if not self._known(path, str(key), dropped):
                continue
            if not isinstance(texts, Mapping) or not texts:
                self.problem(path, f"give the texts of {key} that change: {listing(REWORD_KEYS)}")
                continue
            found[str(key)] = self._reword_one(path, self.indicators[str(key)], texts)
            self.reworded_in[str(key)] = _given_languages(texts)
        return found

    def _reword_one(
        self, path: str, indicator: Indicator, texts: Mapping[str, Any]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field, value in texts.items():
            where = f"{path}.{field}"
            if field not in REWORD_KEYS:
                self.problem(where, f"'{field}' cannot be reworded; use {listing(REWORD_KEYS)}")
            elif field == "levels":
                out["levels"] = self._reword_levels(where, indicator, value)
            else:
                text = self._text(where, getattr(indicator, field), value)
                if text is not None:
                    out[field] = text
        return out

    def _reword_levels(self, path: str, indicator: Indicator, given: Any) -> dict[int, Any]:
        if not isinstance(indicator, MaturityIndicator):
            self.problem(path, f"{indicator.id} is a {indicator.type} indicator: it has no levels")
            return {}
        if not isinstance(given, Mapping):
            self.problem(path, "'levels' must map level values to their new descriptors")
            return {}
        levels = {level.value: level for level in indicator.levels}
        out = {}
        for raw, value in given.items():
            where = f"{path}.{raw}"
            number = int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else None
            if number not in levels:
                values = ", ".join(str(v) for v in levels)
                self.problem(where, f"{indicator.id} has no level {raw}; its levels are {values}")
                continue
            text = self._text(where, levels[number].descriptor, value)
            if text is not None:
                out[number] = text
        return out

    def _text(self, path: str, base: Mapping[str, str] | None, value: Any) -> dict[str, str] | None:
        """The base's text with the given languages replaced; None (and a problem) if bad."""
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, Mapping) or not value:
            self.problem(path, "give the new text as language: text, such as en: …")
            return None
        languages = self.base.languages
        sound = True
        for lang, text in value.items():
            if lang not in languages:
                self.problem(
                    f"{path}.{lang}",
                    f"'{lang}' is not a language of {self.base.key} ({', '.join(languages)})",
                )
                sound = False
            elif not isinstance(text, str) or not text.strip():
                self.problem(f"{path}.{lang}", "the new text is empty")
                sound = False
        merged = {**(base or {}), **{str(k): v for k, v in value.items()}}
        missing = [lang for lang in languages if not merged.get(lang)]
        if sound and missing:
            self.problem(
                path,
                f"the base has no such text, so give it in every language of the framework; "
                f"{listing(missing)} missing",
            )
            sound = False
        return merged if sound else None

    # -- weights and additions ----------------------------------------------------------------

    def _weights(self, dropped: set[str], added: set[str]) -> dict[str, float]:
        given = self.changes.get("weights") or {}
        if not isinstance(given, Mapping):
            self.problem("weights", "'weights' must map indicator ids to numbers")
            return {}
        found = {}
        for key, weight in given.items():
            path = f"weights.{key}"
            if str(key) not in added and not self._known(path, str(key), dropped):
                continue
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                self.problem(path, f"{weight!r} is not a number")
            elif not math.isfinite(weight) or weight < 0:
                self.problem(path, f"a weight is a finite number of 0 or more, not {weight}")
            elif weight == 0 and str(key) in added:
                self.problem(path, "an added indicator of weight 0 would never count; leave it out")
            else:
                found[str(key)] = float(weight)
        return found

    def _adds(self) -> list[tuple[str, dict[str, Any]]]:
        """``(group id, indicator as JSON)`` for each sound added indicator."""
        given = self.changes.get("add") or []
        if not isinstance(given, list):
            self.problem("add", "'add' must be a list of indicators, each with its 'group'")
            return []
        found: list[tuple[str, dict[str, Any]]] = []
        for i, item in enumerate(given):
            built = self._add_one(f"add[{i}]", item, {ind["id"] for _, ind in found})
            if built is not None:
                found.append(built)
        return found

    def _add_one(
        self, path: str, item: Any, earlier: set[str]
    ) -> tuple[str, dict[str, Any]] | None:
        if not isinstance(item, Mapping):
            self.problem(path, "each added indicator is a mapping: group, id, type, title …")
            return None
        definition = {str(k): v for k, v in item.items() if k != "group"}
        group = item.get("group")
        if group not in self.group_ids:
            known = ", ".join(sorted(self.group_ids))
            self.problem(f"{path}.group", f"name the group to place it in, one of: {known}")
        try:
            indicator = _INDICATOR.validate_python(definition)
        except ValidationError as exc:
            for problem in problems_from_validation(exc):
                self.problem(f"{path}.{problem.path}".rstrip("."), problem.message)
            return None
        problems = len(self.problems)
        self._check_added(path, indicator, earlier)
        if len(self.problems) > problems or group not in self.group_ids:
            return None
        return str(group), indicator.model_dump(mode="json", exclude_unset=True)

    def _check_added(self, path: str, indicator: Indicator, earlier: set[str]) -> None:
        key = indicator.id
        if key in self.indicators or key in self.root_dropped:
            self.problem(
                f"{path}.id",
                f"'{key}' is an indicator of {self.base.key} (or of its base); a local "
                "indicator needs an id of its own",
            )
        elif key in self.group_ids:
            self.problem(f"{path}.id", f"'{key}' is the id of a group of {self.base.key}")
        elif key in earlier:
            self.problem(f"{path}.id", f"'{key}' is added twice")
        departments = {d.id for d in self.base.departments}
        for k, department in enumerate(indicator.departments):
            if department not in departments:
                self.problem(
                    f"{path}.departments[{k}]",
                    f"department '{department}' is not one of {self.base.key}'s",
                )
        dumped = indicator.model_dump(mode="python", exclude_none=True)
        for problem in text_problems(dumped, self.base.languages):
            self.problem(f"{path}.{problem.path}", problem.message)

    # -- assembling the file ------------------------------------------------------------------

    def _groups(
        self,
        groups: list[dict[str, Any]],
        dropped: set[str],
        rewords: Mapping[str, dict[str, Any]],
        weights: Mapping[str, float],
        adds: list[tuple[str, dict[str, Any]]],
    ) -> list[dict[str, Any]]:
        kept_groups = []
        for group in groups:
            indicators = [
                _changed(ind, rewords.get(ind["id"]), weights.get(ind["id"]))
                for ind in group.get("indicators", [])
                if ind["id"] not in dropped
            ]
            indicators += [
                {**ind, **({"weight": weights[ind["id"]]} if ind["id"] in weights else {})}
                for group_id, ind in adds
                if group_id == group["id"]
            ]
            children = self._groups(group.get("groups", []), dropped, rewords, weights, adds)
            if not indicators and not children:
                self.warnings.append(
                    f"{group.get('kind', 'group')} {group['id']} has no indicator left, so it "
                    "is left out"
                )
                continue
            kept_groups.append({**group, "indicators": indicators, "groups": children})
        return kept_groups

    def _top_texts(self, data: dict[str, Any], new_id: str) -> None:
        """The changes' texts over the base's; the base's short title would mislead."""
        data.pop("short_title", None)
        data["title"] = {lang: f"{text} ({new_id})" for lang, text in self.base.title.items()}
        for key in ("title", "short_title", "description", "publisher"):
            given = self.changes.get(key)
            if isinstance(given, str):
                given = {"en": given}
            if isinstance(given, Mapping) and isinstance(data.get(key), Mapping):
                data[key] = {**data[key], **given}  # the languages not given keep their text
            elif key in self.changes:
                data[key] = given

    def _language_order(self, lang: str) -> int:
        languages = self.base.languages
        return languages.index(lang) if lang in languages else len(languages)

    def _record(
        self,
        dropped: set[str],
        not_applicable: set[str],
        rewords: Mapping[str, dict[str, Any]],
        added: list[str],
    ) -> dict[str, Any]:
        """``derived_from``, relative to the first base when the base is itself derived."""
        root = self.base.derived_from or _identity_record(self.base)
        reworded = {key: list(languages) for key, languages in root.reworded.items()}
        for key in rewords:
            if key in self.local:
                continue
            languages = reworded.setdefault(key, [])
            languages += [lang for lang in self.reworded_in[key] if lang not in languages]
        order = [ind.id for ind in self.base.indicators()]
        record: dict[str, Any] = {
            "id": root.id,
            "version": root.version,
            "kept": [k for k in order if k in root.kept and k not in dropped and k not in rewords],
            "reworded": {
                key: sorted(reworded[key], key=self._language_order)
                for key in order
                if key in reworded and key not in dropped
            },
            "dropped": [
                *root.dropped,
                *(k for k in order if k in dropped and k not in self.local),
            ],
            "added": [*(k for k in root.added if k not in dropped), *added],
            "not_applicable": [
                k
                for k in order
                if k not in dropped and (k in not_applicable or k in root.not_applicable)
            ],
        }
        if "note" in self.changes:
            record["note"] = self.changes["note"]
        return record


def _identity_record(base: Framework) -> DerivedFrom:
    """The record of a framework derived from nothing: every indicator kept."""
    return DerivedFrom(id=base.id, version=base.version, kept=[i.id for i in base.indicators()])


def _given_languages(texts: Mapping[str, Any]) -> list[str]:
    """The languages a reword gives, in any of its texts (a plain string is English)."""
    found: list[str] = []
    for field, value in texts.items():
        parts = value.values() if field == "levels" and isinstance(value, Mapping) else [value]
        for part in parts:
            if isinstance(part, str):
                part = {"en": part}
            if isinstance(part, Mapping):
                found += [str(lang) for lang in part if lang not in found]
    return found


def _changed(
    indicator: dict[str, Any], texts: dict[str, Any] | None, weight: float | None
) -> dict[str, Any]:
    out = dict(indicator)
    if weight is not None and weight > 0:
        out["weight"] = weight
    for field, value in (texts or {}).items():
        if field == "levels":
            out["levels"] = [
                {**level, "descriptor": value[level["value"]]} if level["value"] in value else level
                for level in out["levels"]
            ]
        else:
            out[field] = value
    return out


def _groups(data: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for group in data.get("groups", []):
        yield group["id"], group
        yield from _groups(group)

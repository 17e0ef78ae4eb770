"""The editor's forms, each over one part of the framework file format.

A form reads the draft's changes (the changes file of ``stocktake frameworks derive``) and
writes them back: the selection (``drop``, ``not_applicable``, ``weights``), an indicator's
``reword``, a local indicator of ``add``. Checking is the core's: the domain derives the
framework the changes make, and each problem found comes back to the field it is about
(:meth:`EditorForm.show_problems`), so a person sees it next to what they typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks import Framework, Group, Indicator, MaturityIndicator, Problem
from stocktake.frameworks.schema import PATHWAYS
from stocktake.scoring.scores import PATHWAY_TITLES
from stocktake_web.frameworks.domain.versions import Owner
from stocktake_web.frameworks.interfaces.languages import language_name
from stocktake_web.languages import localised

WEIGHT_MAX = 100
"""The largest weight the forms take: a hundred times the default is more than any framework
needs, and a bound keeps a typing slip (1000 for 10) from deciding every score."""

LOCAL_LEVELS = range(5)
"""The levels a local indicator's form offers, 0 to 4 as in issa-36; blank rows are left out."""

TEXT_FIELDS = ("title", "description", "guidance")


def draft_version_field() -> forms.IntegerField:
    """The draft version the page was built from, sent back with every change."""
    wrong = _("The page sent a draft version this draft cannot have; reload the page.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages={"required": wrong, "invalid": wrong, "min_value": wrong},
    )


def owner_key(owner: Owner) -> str:
    return f"city:{owner.city.pk}" if owner.city is not None else f"network:{owner.network.pk}"


def owner_label(owner: Owner) -> str:
    if owner.city is not None:
        return str(_("%(city)s (the city's own version)") % {"city": localised(owner.city.name)})
    return str(_("%(network)s (for every city of the network)") % {"network": owner.network.name})


class OwnedForm(forms.Form):
    """A form that asks whose the new version is, among the places the person edits for."""

    owner = forms.ChoiceField(label=_("For"))

    def __init__(self, *args: Any, owners: Sequence[Owner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {owner_key(owner): owner for owner in owners}
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, owner_label(owner)) for key, owner in self.owners.items()]

    def chosen_owner(self) -> Owner:
        return self.owners[self.cleaned_data["owner"]]


class StartDraftForm(OwnedForm):
    new_id = forms.CharField(
        label=_("Id of the new version"),
        max_length=64,
        help_text=_("A framework of your own needs an id of its own, such as issa-36-kaohsiung."),
    )
    new_version = forms.CharField(label=_("Version"), max_length=32, initial="1.0.0")


class ImportForm(OwnedForm):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_(
            "A framework file (.yaml), such as one exported here or written by stocktake "
            "frameworks derive; at most 2 MB."
        ),
    )


class EditorForm(forms.Form):
    """A draft's form: the draft version it started from, and problems shown where they are."""

    base_version = draft_version_field()

    def field_for(self, path: str) -> str | None:
        """The field a problem at ``path`` (a place in the changes) is about, if any."""
        return None

    def show_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            name = self.field_for(problem.path)
            message = problem.message if name else str(problem)
            self.add_error(name if name in self.fields else None, message)

    def _first_empty(self, name: str) -> str:
        """The first language whose ``name`` field was left empty: where a problem about a
        missing translation is shown."""
        languages: list[str] = getattr(self, "languages", ["en"])
        for lang in languages:
            if not (self.data.get(self.add_prefix(f"{name}-{lang}")) or "").strip():
                return lang
        return languages[0]

    def restart_from(self, version: int) -> None:
        """After a refused save: the form keeps what was typed, and a second save replaces
        the draft's newer version knowingly."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("base_version")] = str(version)
        self.data = data


class IdentityForm(EditorForm):
    new_id = forms.CharField(label=_("Id"), max_length=64)
    new_version = forms.CharField(label=_("Version"), max_length=32)

    def field_for(self, path: str) -> str | None:
        return {"id": "new_id", "version": "new_version"}.get(path)


@dataclass(frozen=True)
class SelectionRow:
    """One indicator of the base in the selection table."""

    indicator: Indicator
    group: str
    include: BoundField
    not_applicable: BoundField
    weight: BoundField
    base_not_applicable: bool


class SelectionForm(EditorForm):
    """Which indicators of the base stay, which do not apply here, and their weights."""

    def __init__(self, *args: Any, base: Framework, changes: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        drop = set(changes.get("drop", []))
        not_applicable = set(changes.get("not_applicable", [])) | base.not_applicable
        weights = changes.get("weights", {})
        for ind in base.indicators():
            self.fields[f"include-{ind.id}"] = forms.BooleanField(
                label=_("Keep"), required=False, initial=ind.id not in drop
            )
            self.fields[f"na-{ind.id}"] = forms.BooleanField(
                label=_("Not applicable"),
                required=False,
                initial=ind.id in not_applicable,
                disabled=ind.id in base.not_applicable,
            )
            self.fields[f"weight-{ind.id}"] = weight_field(
                weights.get(ind.id, ind.weight), zero=True
            )

    def rows(self) -> list[SelectionRow]:
        return [
            SelectionRow(
                indicator=ind,
                group=" › ".join(localised(g.title) for g in self.base.group_path(ind.id)),
                include=self[f"include-{ind.id}"],
                not_applicable=self[f"na-{ind.id}"],
                weight=self[f"weight-{ind.id}"],
                base_not_applicable=ind.id in self.base.not_applicable,
            )
            for ind in self.base.indicators()
        ]

    def changes(self, current: dict[str, Any]) -> dict[str, Any]:
        """``current`` with the selection of this form: dropped indicators lose their reword
        and weight, since a dropped indicator has nothing left to change."""
        data = self.cleaned_data
        base_ids = [ind.id for ind in self.base.indicators()]
        drop = [key for key in base_ids if not data[f"include-{key}"]]
        kept = [key for key in base_ids if key not in drop]
        not_applicable = [
            key for key in kept if data[f"na-{key}"] and key not in self.base.not_applicable
        ]
        weights = {
            key: float(value)
            for key, value in current.get("weights", {}).items()
            if key not in base_ids
        }
        for ind in self.base.indicators():
            weight = data[f"weight-{ind.id}"]
            if ind.id in kept and weight is not None and float(weight) != ind.weight:
                weights[ind.id] = float(weight)
        reword = {k: v for k, v in current.get("reword", {}).items() if k not in drop}
        return _tidy(
            {
                **current,
                "drop": drop,
                "not_applicable": not_applicable,
                "weights": weights,
                "reword": reword,
            }
        )

    def field_for(self, path: str) -> str | None:
        match = re.match(r"^(drop|not_applicable|weights)[.\[]", path)
        if match is None:
            return None
        key = path.split(".", 1)[1] if match.group(1) == "weights" else None
        kind = {"drop": "include", "not_applicable": "na", "weights": "weight"}[match.group(1)]
        return f"{kind}-{key}" if key else None


def weight_field(initial: float, *, zero: bool) -> forms.FloatField:
    return forms.FloatField(
        label=_("Weight"),
        min_value=0 if zero else 0.01,
        max_value=WEIGHT_MAX,
        initial=initial,
        widget=forms.NumberInput(attrs={"step": "any", "class": "weight"}),
        help_text=_("From 0 to 100; 0 leaves the indicator out of the scores.")
        if zero
        else _("More than 0, at most 100."),
    )


def _tidy(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes without empty keys, as a person would write the file."""
    return {key: value for key, value in changes.items() if value not in ([], {}, None, "")}


@dataclass(frozen=True)
class TextRow:
    """One text of the form in every language of the framework, side by side."""

    label: str
    fields: list[BoundField]


class RewordForm(EditorForm):
    """An indicator's title, description, guidance and level descriptors in each language.

    The fields start from the text as the draft has it; only what differs from the base is kept
    as the indicator's ``reword``.
    """

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        languages: list[str],
        reword: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.languages = languages
        self.text_rows: list[tuple[str, str]] = []
        for name in TEXT_FIELDS:
            base = getattr(indicator, name)
            if name == "title" or base:
                given = {**(base or {}), **reword.get(name, {})}
                self._text_fields(name, given, long=name != "title")
        if isinstance(indicator, MaturityIndicator):
            given_levels = reword.get("levels", {})
            for level in indicator.levels:
                given = {**(level.descriptor or {}), **given_levels.get(str(level.value), {})}
                self._text_fields(f"level-{level.value}", given, long=True)

    def _text_fields(self, name: str, given: dict[str, str], *, long: bool) -> None:
        for lang in self.languages:
            widget = (
                forms.Textarea(attrs={"rows": 3, "lang": lang})
                if long
                else forms.TextInput(attrs={"lang": lang})
            )
            self.fields[f"{name}-{lang}"] = forms.CharField(
                label=language_name(lang),
                required=False,
                initial=given.get(lang, ""),
                widget=widget,
                max_length=4000,
                strip=True,
            )
        self.text_rows.append((name, self._row_label(name)))

    def _row_label(self, name: str) -> str:
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "guidance": _("Guidance"),
        }
        if name in labels:
            return str(labels[name])
        value = int(name.removeprefix("level-"))
        assert isinstance(self.indicator, MaturityIndicator)
        label = next(level.label for level in self.indicator.levels if level.value == value)
        return str(
            _("Level %(value)s · %(label)s: what a city at this level does")
            % {"value": value, "label": localised(label)}
        )

    def rows(self) -> list[TextRow]:
        return [
            TextRow(label, [self[f"{name}-{lang}"] for lang in self.languages])
            for name, label in self.text_rows
        ]

    def reword(self) -> dict[str, Any]:
        """The texts that differ from the base, as the changes file writes a reword."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            if f"{name}-{self.languages[0]}" in self.fields:
                changed = _differing(
                    getattr(self.indicator, name) or {}, data, name, self.languages
                )
                if changed:
                    out[name] = changed
        if isinstance(self.indicator, MaturityIndicator):
            levels = {}
            for level in self.indicator.levels:
                changed = _differing(
                    level.descriptor or {}, data, f"level-{level.value}", self.languages
                )
                if changed:
                    levels[str(level.value)] = changed
            if levels:
                out["levels"] = levels
        return out

    def field_for(self, path: str) -> str | None:
        parts = path.split(".")
        if len(parts) < 3 or parts[0] != "reword":
            return None
        rest = parts[2:]
        if rest[0] == "levels" and len(rest) >= 2:
            name, lang = f"level-{rest[1]}", rest[2] if len(rest) > 2 else None
        else:
            name, lang = rest[0], rest[1] if len(rest) > 1 else None
        return f"{name}-{lang or self._first_empty(name)}"


def _differing(
    base: dict[str, str], data: dict[str, Any], name: str, languages: list[str]
) -> dict[str, str]:
    """The languages whose text in the form is not the base's (an emptied one included, so
    the core can say that a text may not be empty)."""
    found = {}
    for lang in languages:
        text = data.get(f"{name}-{lang}", "")
        if text != base.get(lang, ""):
            found[lang] = text
    return found


def group_choices(framework: Framework) -> list[tuple[str, str]]:
    """Every group of the framework, named with the groups above it."""
    found: list[tuple[str, str]] = []

    def walk(groups: list[Group], trail: list[str]) -> None:
        for group in groups:
            path = [*trail, localised(group.title)]
            found.append((group.id, " › ".join(path)))
            walk(group.groups, path)

    walk(framework.groups, [])
    return found


def pathway_choices() -> list[tuple[str, str]]:
    return [(key, localised(PATHWAY_TITLES[key])) for key in PATHWAYS]


class LocalIndicatorForm(EditorForm):
    """A local indicator: a maturity scale of the city's own, placed in a group of the base."""

    id = forms.CharField(
        label=_("Id"),
        max_length=64,
        help_text=_("Letters, digits, hyphens, underscores and dots, such as KH-01."),
    )
    group = forms.ChoiceField(label=_("Placed in"))
    weight = weight_field(1.0, zero=False)
    pathways = forms.MultipleChoiceField(
        label=_("Pathways"), required=False, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.MultipleChoiceField(
        label=_("Departments that answer it"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        base: Framework,
        entry: dict[str, Any] | None = None,
        position: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        self.position = position
        self.languages = list(base.languages)
        entry = entry or {}
        self._choices("group", group_choices(base))
        self._choices("pathways", pathway_choices())
        self._choices("departments", [(d.id, localised(d.name)) for d in base.departments])
        for name in ("id", "group", "weight", "pathways", "departments"):
            if name in entry:
                self.fields[name].initial = entry[name]
        self.text_rows: list[tuple[str, str]] = []
        self._texts("title", entry.get("title", {}), _("Title"), long=False)
        self._texts("description", entry.get("description", {}), _("Description"), long=True)
        levels = {level["value"]: level for level in entry.get("levels", [])} or _usual_levels(base)
        for value in LOCAL_LEVELS:
            level = levels.get(value, {})
            self._texts(
                f"level-{value}-label",
                level.get("label", {}),
                _("Level %(value)s: name") % {"value": value},
                long=False,
            )
            self._texts(
                f"level-{value}-descriptor",
                level.get("descriptor", {}),
                _("Level %(value)s: what a city at this level does") % {"value": value},
                long=True,
            )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def _texts(self, name: str, given: dict[str, str], label: Any, *, long: bool) -> None:
        for lang in self.languages:
            attrs = {"lang": lang}
            self.fields[f"{name}-{lang}"] = forms.CharField(
                label=language_name(lang),
                required=False,
                initial=given.get(lang, ""),
                max_length=4000,
                widget=forms.Textarea(attrs={**attrs, "rows": 2})
                if long
                else forms.TextInput(attrs=attrs),
            )
        self.text_rows.append((name, str(label)))

    def rows(self) -> list[TextRow]:
        return [
            TextRow(label, [self[f"{name}-{lang}"] for lang in self.languages])
            for name, label in self.text_rows
        ]

    def _text(self, name: str) -> dict[str, str]:
        data = self.cleaned_data
        return {lang: data[f"{name}-{lang}"] for lang in self.languages if data[f"{name}-{lang}"]}

    def level_values(self) -> list[int]:
        """The levels given: those with a name in some language."""
        return [value for value in LOCAL_LEVELS if self._text(f"level-{value}-label")]

    def entry(self) -> dict[str, Any]:
        """The local indicator as the changes file's ``add`` writes it."""
        data = self.cleaned_data
        levels = []
        for value in self.level_values():
            level: dict[str, Any] = {"value": value, "label": self._text(f"level-{value}-label")}
            descriptor = self._text(f"level-{value}-descriptor")
            if descriptor:
                level["descriptor"] = descriptor
            levels.append(level)
        found: dict[str, Any] = {
            "group": data["group"],
            "id": data["id"].strip(),
            "type": "maturity",
            "title": self._text("title"),
            "description": self._text("description"),
            "weight": data["weight"],
            "pathways": data["pathways"],
            "departments": data["departments"],
            "levels": levels,
        }
        return _tidy(found)

    def field_for(self, path: str) -> str | None:
        match = re.match(r"^add\[(\d+)\]\.?(.*)$", path)
        if match is None or int(match.group(1)) != self.position:
            return None
        rest = match.group(2)
        head = re.split(r"[.\[]", rest, maxsplit=1)[0]
        if head in ("id", "group", "weight", "pathways", "departments"):
            return head
        if head in ("title", "description"):
            lang = rest.split(".")[1] if "." in rest else self._first_empty(head)
            return f"{head}-{lang}"
        level = re.match(r"^levels\[(\d+)\]\.(label|descriptor)(?:\.(.+))?$", rest)
        if level is not None:
            values = self.level_values()
            index = int(level.group(1))
            value = values[index] if index < len(values) else 0
            name = f"level-{value}-{level.group(2)}"
            return f"{name}-{level.group(3) or self._first_empty(name)}"
        if head == "levels":
            return f"level-0-label-{self.languages[0]}"
        return None


def _usual_levels(base: Framework) -> dict[int, dict[str, Any]]:
    """The level names of the base's first maturity scale, offered for a local indicator so
    that its levels read as the others do (issa-36: Not started … Leading)."""
    for ind in base.indicators():
        if isinstance(ind, MaturityIndicator):
            return {level.value: {"label": dict(level.label)} for level in ind.levels}
    return {}


class DraftVersionForm(EditorForm):
    """Nothing to fill in: publishing and removing send the draft version seen."""

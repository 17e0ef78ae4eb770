"""Forms of the peers and workshop-planning pages: bounded numbers, choices from the cohort.

Each form only reads a request; every bound is stated so that a number typed by hand, a
malformed address or a huge value gives a form error, never a solve that cannot end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake import network as core
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City

WEIGHT_MAX = 10
"""The largest weight of one context attribute; only ratios matter, so ten is plenty."""
GROUP_SIZE = (2, 12)
WORKSHOPS = (1, 20)
CAPACITY = (1, 60)
PER_CITY = (1, 10)
PAIR_ROWS = 3
"""Rows of pairs that must meet, and as many that must not, on the groups form."""

ATTRIBUTE_LABELS = {
    "kind": _("Kind of member"),
    "population": _("Population"),
    "region": _("Region"),
    "languages": _("Working languages"),
    "climate": _("Climate"),
    "economy": _("Main sectors of the economy"),
}


def _weight_field(label: Any) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=0,
        max_value=WEIGHT_MAX,
        initial=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": WEIGHT_MAX}),
    )


class WeightsForm(forms.Form):
    """How much each context attribute counts in "cities like you" (each 1 unless changed)."""

    kind = _weight_field(ATTRIBUTE_LABELS["kind"])
    population = _weight_field(ATTRIBUTE_LABELS["population"])
    region = _weight_field(ATTRIBUTE_LABELS["region"])
    languages = _weight_field(ATTRIBUTE_LABELS["languages"])
    climate = _weight_field(ATTRIBUTE_LABELS["climate"])
    economy = _weight_field(ATTRIBUTE_LABELS["economy"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = [cleaned.get(name) for name in ATTRIBUTE_LABELS]
        if not self.errors and all(value == 0 for value in values):
            raise forms.ValidationError(
                _("Give at least one attribute a weight above zero."), code="all_zero"
            )
        return cleaned

    def weights(self) -> core.SimilarityWeights:
        """The weights of a valid form; an empty box keeps the default of 1."""
        values = {
            name: 1.0 if self.cleaned_data.get(name) is None else self.cleaned_data[name]
            for name in ATTRIBUTE_LABELS
        }
        return core.SimilarityWeights(**values)


class FrameworkChoiceField(forms.ModelChoiceField[FrameworkVersion]):
    def label_from_instance(self, obj: FrameworkVersion) -> str:
        return f"{localised(obj.title)} ({obj.key})"


def _count_field(label: Any, bounds: tuple[int, int], initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=bounds[0], max_value=bounds[1], initial=initial
    )


class CohortForm(forms.Form):
    """A framework among those the cohort's cities signed rounds off on."""

    framework = FrameworkChoiceField(label=_("Framework"), queryset=FrameworkVersion.objects.none())

    def __init__(self, *args: Any, frameworks: Sequence[FrameworkVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework"]
        assert isinstance(field, FrameworkChoiceField)
        field.queryset = FrameworkVersion.objects.filter(pk__in=[f.pk for f in frameworks])
        if frameworks:
            field.initial = frameworks[0].pk


class GroupsForm(CohortForm):
    """Peer-learning groups: their size, a shared working language, pairs to keep or part."""

    size = _count_field(_("Group size (± 1)"), GROUP_SIZE, 4)
    shared_language = forms.BooleanField(
        label=_("Every group shares a working language"), required=False, initial=True
    )

    def __init__(self, *args: Any, cities: Sequence[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "—"), *((c.slug, localised(c.name)) for c in cities)]
        for kind in ("must_meet", "must_not_meet"):
            for row in range(1, PAIR_ROWS + 1):
                for side in ("a", "b"):
                    self.fields[f"{kind}_{row}_{side}"] = forms.ChoiceField(
                        label=_("City"), choices=options, required=False
                    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for kind in ("must_meet", "must_not_meet"):
            for row in range(1, PAIR_ROWS + 1):
                a, b = (cleaned.get(f"{kind}_{row}_{side}") for side in ("a", "b"))
                if bool(a) != bool(b):
                    self.add_error(
                        f"{kind}_{row}_b", _("Choose both cities of the pair, or neither.")
                    )
                elif a and a == b:
                    self.add_error(f"{kind}_{row}_b", _("Choose two different cities."))
        return cleaned

    def pairs(self, kind: str) -> list[tuple[str, str]]:
        """The pairs of a valid form that must meet (``must_meet``) or not (``must_not_meet``)."""
        found = []
        for row in range(1, PAIR_ROWS + 1):
            a, b = (self.cleaned_data.get(f"{kind}_{row}_{side}") for side in ("a", "b"))
            if a and b:
                found.append((a, b))
        return found

    @classmethod
    def initial_of(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        """The form's values from what a groups job was asked (see ``groups_parameters``)."""
        initial = {name: parameters.get(name) for name in ("framework", "size", "shared_language")}
        for kind in ("must_meet", "must_not_meet"):
            for row, (a, b) in enumerate(parameters.get(kind, [])[:PAIR_ROWS], start=1):
                initial[f"{kind}_{row}_a"], initial[f"{kind}_{row}_b"] = a, b
        return initial

    def pair_rows(self, kind: str) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """The bound fields of each row of pairs, for the template."""
        return [
            (self[f"{kind}_{row}_a"], self[f"{kind}_{row}_b"]) for row in range(1, PAIR_ROWS + 1)
        ]


class PlanForm(CohortForm):
    """The workshop planner's K workshops of at most C cities, each city in at most M."""

    workshops = _count_field(_("Workshops"), WORKSHOPS, 3)
    capacity = _count_field(_("Cities per workshop at most"), CAPACITY, 8)
    per_city = _count_field(_("Workshops per city at most"), PER_CITY, 1)


class RecordWorkshopForm(PlanForm):
    """One workshop of a plan to record as an event: the plan's parameters, its topic, a date."""

    topic = forms.CharField(max_length=64, widget=forms.HiddenInput)
    start = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

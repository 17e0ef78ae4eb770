"""The screening's forms: a new screening, a candidate, the panel, a department's score sheet,
the network's criteria and the planner's choice.

Choices come from the screening's city (its rounds, departments and key areas), so nothing of
another city can be chosen; the domain checks the same again and what it refuses becomes a form
error.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stocktake.screening.criteria import LARGEST
from stocktake.screening.files import narrowed
from stocktake_web.assessments.models import Round
from stocktake_web.languages import localised
from stocktake_web.network.models import City, Department
from stocktake_web.screening.domain.results import KeyArea
from stocktake_web.screening.models import (
    TITLE_MAX_LENGTH,
    Direction,
    Method,
    ScreeningCriterion,
    Solution,
)

MAX_UPLOAD_BYTES = 1024 * 1024
"""A criteria file of a few dozen rows is a few kilobytes."""


class ScoreField(forms.FloatField):
    """A number as the screening files read it (:func:`stocktake.screening.files.narrowed`):
    full-width digits, signs and points, and the minus sign, are read; digits of other scripts
    (``٣``, ``𝟓``), which Python's ``float`` would take, are refused as the files refuse them."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = narrowed(value)
            if any(character.isdigit() and not "0" <= character <= "9" for character in value):
                raise forms.ValidationError(_("Write the number with the digits 0 to 9."))
        return super().to_python(value)


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.name} ({localised(obj.framework.title)})"
        if obj.is_training:
            return _("%(round)s · training round, not sent to the planner") % {"round": label}
        return label


class DepartmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return localised(obj.name)


class ScreeningForm(forms.Form):
    """A new screening: its title, the round whose key areas it serves, its method."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX_LENGTH)
    round = RoundChoiceField(
        label=gettext_lazy("Key areas of the round"),
        queryset=Round.objects.none(),
        required=False,
        help_text=gettext_lazy("Candidates are linked to this round's key areas for development."),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Method"), choices=Method.choices, initial=Method.TOPSIS
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = city.rounds.current().with_framework()
        field = self.fields["round"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rounds
        field.initial = rounds.filter(is_training=False).first() or rounds.first()


class SolutionForm(forms.Form):
    """A candidate and the key areas it addresses."""

    name = forms.CharField(label=gettext_lazy("Solution"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("What it is"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    key_areas = forms.MultipleChoiceField(
        label=gettext_lazy("Key areas it addresses"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, key_areas: Sequence[KeyArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["key_areas"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (area.indicator, f"{area.rank}. {localised(area.title)} ({area.indicator})")
            for area in key_areas
        ]


class PanelForm(forms.Form):
    """The departments that score."""

    departments = DepartmentsField(
        label=gettext_lazy("Departments on the panel"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = city.departments.order_by("slug")


def cell_name(solution: Solution, criterion: ScreeningCriterion) -> str:
    return f"score-{solution.pk}-{criterion.pk}"


class SheetForm(forms.Form):
    """One department's scores: a number field per solution and criterion, bounded by the
    criterion's scale; a blank field is a score not given (yet).

    The hidden ``seen`` field carries what the sheet showed when it was opened (cell name to
    value, JSON), so that a save writes only what this person changed
    (:func:`~stocktake_web.screening.domain.screenings.save_sheet`). A sheet sent without it
    (or with one that does not read) is saved whole, as before the field existed.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        solutions: Sequence[Solution],
        criteria: Sequence[ScreeningCriterion],
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, tuple[int, int]] = {}
        for solution in solutions:
            for criterion in criteria:
                name = cell_name(solution, criterion)
                self.fields[name] = ScoreField(
                    label=f"{solution.name} · {localised(criterion.name)}",
                    min_value=criterion.scale_min,
                    max_value=criterion.scale_max,
                    required=False,
                    disabled=disabled,
                    widget=forms.NumberInput(attrs={"step": "any", "class": "score"}),
                )
                self.cells[name] = (solution.pk, criterion.pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if name in self.cells and value is not None and not math.isfinite(value):
                self.add_error(name, _("Write a number."))
        return cleaned

    def values(self) -> dict[tuple[int, int], float | None]:
        return {cell: self.cleaned_data.get(name) for name, cell in self.cells.items()}

    def seen_values(self) -> dict[tuple[int, int], float | None] | None:
        """The values the sheet showed, by cell; ``None`` when the form carried none."""
        try:
            shown = json.loads(self.cleaned_data.get("seen") or "null")
        except ValueError:
            return None
        if not isinstance(shown, dict):
            return None
        seen: dict[tuple[int, int], float | None] = {}
        for name, value in shown.items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if value is not None and not number:
                return None
            cell = self.cells.get(name)
            if cell is not None:  # else a candidate removed since: the form has no field for it
                seen[cell] = None if value is None else float(value)
        return seen if seen or not self.cells else None


def seen_field(cells: dict[str, tuple[int, int]], stored: dict[tuple[int, int], float]) -> str:
    """The ``seen`` value of a sheet showing ``stored``: every cell, empty ones as null."""
    return json.dumps({name: stored.get(cell) for name, cell in cells.items()})


class CriteriaUploadForm(forms.Form):
    """A criteria file replacing the network's whole set."""

    file = forms.FileField(
        label=gettext_lazy("Criteria file (CSV or Excel)"),
        help_text=gettext_lazy(
            "Columns criterion, weight, direction, min, max, and a name column per language "
            "(name, name_zh_hant, name_ja, name_ko)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class CriteriaWeightsForm(forms.Form):
    """Each criterion's weight and direction, by code."""

    def __init__(self, *args: Any, criteria: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"weight-{criterion.id}"] = ScoreField(
                label=criterion.name(),
                min_value=0,
                max_value=LARGEST,
                initial=criterion.weight,
                error_messages={"max_value": _("Write a smaller weight: at most 10^15.")},
            )
            self.fields[f"direction-{criterion.id}"] = forms.ChoiceField(
                label=criterion.name(), choices=Direction.choices, initial=criterion.direction
            )
        self.codes = [criterion.id for criterion in criteria]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = [cleaned.get(f"weight-{code}") for code in self.codes]
        if any(w is not None and not math.isfinite(w) for w in weights):
            raise forms.ValidationError(_("Write each weight as a number."))
        if all(w is not None for w in weights) and sum(w for w in weights if w) <= 0:
            raise forms.ValidationError(_("Give at least one criterion a weight above 0."))
        return cleaned

    def weights(self) -> dict[str, float]:
        return {code: self.cleaned_data[f"weight-{code}"] for code in self.codes}

    def directions(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"direction-{code}"] for code in self.codes}


class PlannerForm(forms.Form):
    """The solutions the city takes forward to the workshop planner."""

    chosen = forms.MultipleChoiceField(
        label=gettext_lazy("Solutions to take forward"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, solutions: Sequence[Solution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(s.pk), s.name) for s in solutions]
        self.by_id = {str(s.pk): s for s in solutions}

    def solutions(self) -> list[Solution]:
        return [self.by_id[pk] for pk in self.cleaned_data["chosen"]]

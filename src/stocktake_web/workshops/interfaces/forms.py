"""Forms of the workshop pages: opening the session, the room's score, attendance, dissent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks import Indicator
from stocktake_web.assessments.domain import InvalidAnswerError
from stocktake_web.assessments.domain.values import typed_value
from stocktake_web.assessments.interfaces.forms import version_field
from stocktake_web.assessments.models import VALUE_MAX_LENGTH
from stocktake_web.languages import localised
from stocktake_web.network.models import Department
from stocktake_web.workshops.domain import RoomScoreContent
from stocktake_web.workshops.domain.dissent import VIEW_MAX_LENGTH
from stocktake_web.workshops.domain.scores import TEXT_MAX_LENGTH
from stocktake_web.workshops.domain.sessions import NAMES_MAX_LENGTH, TITLE_MAX_LENGTH, Presence
from stocktake_web.workshops.models import PEOPLE_MAX, Attendance, RoomScore


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    language = forms.ChoiceField(
        label=_("Language of the room"),
        choices=settings.LANGUAGES,
        help_text=_("The screen shows the questions, their levels and its own words in it."),
    )


class ScoreForm(forms.Form):
    """The room's score for one question; the value as the answer form reads it."""

    base_version = version_field()
    value = forms.CharField(label=_("Score agreed"), required=False, max_length=VALUE_MAX_LENGTH)
    evidence = forms.CharField(
        label=_("Evidence named in the room"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    @staticmethod
    def initial_for(score: RoomScore | None) -> dict[str, object]:
        if score is None:
            return {"base_version": 0}
        return {
            "base_version": score.version,
            "value": score.value,
            "evidence": score.evidence,
            "note": score.note,
        }

    def clean_value(self) -> str:
        """A measured value rewritten from the language's notation, as the answer form does."""
        try:
            return typed_value(self.indicator, self.cleaned_data.get("value") or "")
        except InvalidAnswerError as exc:
            raise forms.ValidationError(str(exc)) from None

    def content(self) -> RoomScoreContent:
        data = self.cleaned_data
        return RoomScoreContent(value=data["value"], evidence=data["evidence"], note=data["note"])


class RoomDepartmentField(forms.ModelChoiceField):
    """A department of the round's city, by its name in the room's language."""

    def label_from_instance(self, obj: Department) -> str:
        return localised(obj.name)


class DissentForm(forms.Form):
    department = RoomDepartmentField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=None
    )
    view = forms.CharField(
        label=_("Dissenting view"),
        max_length=VIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(pk__in=[dept.pk for dept in departments])


class AttendanceForm(forms.Form):
    """A row per department of the city: present or not, how many people, their names."""

    def __init__(
        self, *args: Any, departments: list[Department], present: list[Attendance], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.departments = departments
        kept = {row.department_id: row for row in present}
        for dept in departments:
            row = kept.get(dept.pk)
            self.fields[f"present-{dept.slug}"] = forms.BooleanField(
                label=localised(dept.name), required=False, initial=row is not None
            )
            self.fields[f"people-{dept.slug}"] = forms.IntegerField(
                label=_("People"),
                min_value=1,
                max_value=PEOPLE_MAX,
                required=False,
                initial=row.people if row else 1,
            )
            self.fields[f"names-{dept.slug}"] = forms.CharField(
                label=_("Names"),
                required=False,
                max_length=NAMES_MAX_LENGTH,
                initial=row.names if row else "",
                widget=forms.TextInput,
            )

    def rows(self) -> list[dict[str, Any]]:
        """The departments' fields together, for the table the page draws."""
        return [
            {
                "department": dept,
                "present": self[f"present-{dept.slug}"],
                "people": self[f"people-{dept.slug}"],
                "names": self[f"names-{dept.slug}"],
            }
            for dept in self.departments
        ]

    def presence(self) -> list[Presence]:
        data = self.cleaned_data
        return [
            Presence(
                department=dept,
                people=data[f"people-{dept.slug}"] or 1,
                names=data[f"names-{dept.slug}"],
            )
            for dept in self.departments
            if data[f"present-{dept.slug}"]
        ]

"""The form that uploads an export of submissions from KoboToolbox or ODK."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks.text import localise
from stocktake_web.languages import current_language
from stocktake_web.network.models import Department


class SubmissionImportForm(forms.Form):
    """An export file, and either the department it answers for or the column naming it."""

    file = forms.FileField(label=_("Export of submissions (CSV or XLSX)"))
    department = forms.ChoiceField(required=False, label=_("Department the submissions answer for"))
    department_column = forms.CharField(
        required=False,
        max_length=100,
        label=_("Or the column naming each submission's department"),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = current_language()
        field = self.fields["department"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (department.slug, localise(department.name, lang)) for department in departments
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("department") and not data.get("department_column", "").strip():
            raise forms.ValidationError(
                _("Choose the department the submissions answer for, or the column naming it.")
            )
        return data

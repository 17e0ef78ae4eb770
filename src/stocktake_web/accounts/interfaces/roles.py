"""The roles of one person, edited together: each role held on the one place its kind names.

The database refuses a role whose place does not fit its kind, and a role held twice; these
forms refuse both first, with a sentence on the field to correct, so that saving never fails.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from stocktake_web.accounts.domain import PLACE_OF_ROLE, ROLE_PLACES
from stocktake_web.accounts.models import Role
from stocktake_web.network.interfaces.names import CityChoiceField, DepartmentChoiceField
from stocktake_web.network.models import City, Department

PLACE_NEEDED = {
    "network": _("The role “%(role)s” is held on a network: choose the network."),
    "city": _("The role “%(role)s” is held on a city: choose the city."),
    "department": _("The role “%(role)s” is held on a department: choose the department."),
}
PLACE_NOT_WANTED = _("The role “%(role)s” is not held on this kind of place: leave this empty.")


class RoleForm(forms.ModelForm):
    city = CityChoiceField(queryset=City.objects.all(), required=False, label=_("city"))
    department = DepartmentChoiceField(
        queryset=Department.objects.select_related("city"),
        required=False,
        label=_("department"),
    )

    class Meta:
        model = Role
        fields = ("kind", "network", "city", "department")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        kind = cleaned.get("kind")
        if kind:
            self._check_place(Role.Kind(kind), cleaned)
        return cleaned

    def _check_place(self, kind: Role.Kind, cleaned: dict[str, Any]) -> None:
        params = {"role": kind.label}
        for place in ROLE_PLACES:
            if place in self.errors:
                continue
            if place == PLACE_OF_ROLE[kind] and cleaned.get(place) is None:
                self.add_error(place, ValidationError(PLACE_NEEDED[place], params=params))
            elif place != PLACE_OF_ROLE[kind] and cleaned.get(place) is not None:
                self.add_error(place, ValidationError(PLACE_NOT_WANTED, params=params))


class RoleFormSet(forms.BaseInlineFormSet):
    """Refuses one role listed twice on the same place, which the database would refuse."""

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[Any, ...]] = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if form.errors or (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME)):
                continue
            held = (form.cleaned_data.get("kind"), *map(form.cleaned_data.get, ROLE_PLACES))
            if held in seen:
                raise ValidationError(_("The same role on the same place is listed twice."))
            seen.add(held)

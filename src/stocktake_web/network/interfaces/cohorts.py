"""The cohort form: dates in order, and a chair and cities from the cohort's own network.

A network's secretariat sees every city of its cohorts; a city of another network in a cohort
would show that city to the wrong secretariat.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stocktake_web.network.interfaces.names import CitiesChoiceField, CityChoiceField
from stocktake_web.network.models import Cohort


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ("network", "name", "chair", "start", "end", "cities")
        # The chair and the cities by name in the reader's language.
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {
            "chair": CityChoiceField,
            "cities": CitiesChoiceField,
        }

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("A cohort cannot end before it starts."))
        network = cleaned.get("network")
        if network is not None:
            self._check_members(network.pk, cleaned)
        return cleaned

    def _check_members(self, network_id: int, cleaned: dict[str, Any]) -> None:
        chair = cleaned.get("chair")
        if chair is not None and chair.network_id != network_id:
            self.add_error("chair", _("The chair must be a city of the cohort's network."))
        outside = [city for city in cleaned.get("cities", ()) if city.network_id != network_id]
        if outside:
            message = _(
                "Every city of a cohort must belong to its network; these do not: %(cities)s."
            )
            names = ", ".join(str(city) for city in outside)
            self.add_error("cities", ValidationError(message, params={"cities": names}))

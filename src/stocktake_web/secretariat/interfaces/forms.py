"""The forms of the secretariat's pages and of invitations.

The forms check what a person typed; the domain functions check the rules that hold whatever
the form (a free short name, an existing time zone) and their sentences become form errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stocktake_web.accounts.models import Role, User
from stocktake_web.network.interfaces.context import POPULATION_MAX
from stocktake_web.network.interfaces.names import (
    NAME_MAX_LENGTH,
    CityChoiceField,
    DepartmentChoiceField,
    name_languages,
)
from stocktake_web.network.models import City, Department, Network
from stocktake_web.secretariat.domain.places import time_zone_exists


class LocalisedNameFields(forms.Form):
    """One name field per interface language, English required; :meth:`name` gathers them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in name_languages():
            label = _("Name (%(language)s)") % {"language": language.language}
            self.fields[language.field] = forms.CharField(
                label=label, required=language.required, max_length=NAME_MAX_LENGTH
            )

    def name(self) -> dict[str, str]:
        return {
            language.tag: self.cleaned_data[language.field]
            for language in name_languages()
            if self.cleaned_data.get(language.field)
        }


class CityForm(LocalisedNameFields):
    slug = forms.SlugField(label=_("Short name"), max_length=50)
    country = forms.CharField(label=_("Country"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind of member"), choices=City.Kind.choices)
    population = forms.IntegerField(
        label=_("Population"), required=False, min_value=1, max_value=POPULATION_MAX
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=64)


class DepartmentForm(LocalisedNameFields):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        help_text=_("The frameworks' department id where one fits: environment, planning …"),
    )


class NetworkSettingsForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, help_text=_("For example Asia/Taipei or UTC.")
    )
    minimum_sign_off_coverage = forms.IntegerField(
        label=_("Minimum coverage for sign-off (%)"), min_value=0, max_value=100
    )
    respondents_see_city_dashboard = forms.BooleanField(
        label=_("Respondents see their city's dashboard"), required=False
    )

    def clean_time_zone(self) -> str:
        zone: str = self.cleaned_data["time_zone"].strip()
        if not time_zone_exists(zone):
            raise ValidationError(
                _("There is no time zone “%(zone)s”; write one such as Asia/Taipei."),
                params={"zone": zone},
            )
        return zone


class InvitationForm(forms.Form):
    """Whom to invite, to which role; the kinds offered are those the inviter may give."""

    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Role"))
    department = DepartmentChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("For a respondent: the department they answer for."),
    )

    def __init__(self, *args: Any, city: City, kinds: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(kind, Role.Kind(kind).label) for kind in kinds]
        department = self.fields["department"]
        assert isinstance(department, DepartmentChoiceField)
        department.queryset = city.departments.select_related("city")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("kind") == Role.Kind.RESPONDENT and cleaned.get("department") is None:
            self.add_error("department", _("Choose the department a respondent answers for."))
        return cleaned


class NewAccountForm(forms.Form):
    """The invited person's user name and password; the address is the invitation's."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken; choose another one."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            user = User(username=cleaned.get("username", ""))
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class GrantRoleForm(forms.Form):
    """A role for an existing account, by user name, in one of the network's places."""

    username = forms.CharField(label=_("User name"), max_length=150)
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)
    city = CityChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    department = DepartmentChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cities = network.cities.all()
        city = self.fields["city"]
        department = self.fields["department"]
        assert isinstance(city, forms.ModelChoiceField)
        assert isinstance(department, forms.ModelChoiceField)
        city.queryset = cities
        department.queryset = Department.objects.filter(city__in=cities).select_related("city")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        kind = cleaned.get("kind")
        if kind in (Role.Kind.COORDINATOR, Role.Kind.VIEWER) and cleaned.get("city") is None:
            self.add_error("city", _("Choose the city of a coordinator or a viewer."))
        if kind == Role.Kind.RESPONDENT and cleaned.get("department") is None:
            self.add_error("department", _("Choose the department a respondent answers for."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV or XLSX, filled in from the template; at most 5 MB."),
    )

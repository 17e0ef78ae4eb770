"""The secretariat's event form, the material form and the list's filters.

Choices come from the event's network (its cities, their departments, its cohorts) and the
imported frameworks, so a city of another network or an indicator of no framework cannot be
chosen; the domain checks the same again (:mod:`stocktake_web.events.domain.events`), and what
it refuses becomes a form error, never a server error.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks import PATHWAYS
from stocktake.scoring.scores import PATHWAY_TITLES
from stocktake_web.events.domain.events import EventDetails, Participant
from stocktake_web.events.domain.listing import EventFilters
from stocktake_web.events.models import TITLE_MAX_LENGTH, Event
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City, Cohort, Department

YEAR_MIN, YEAR_MAX = 1990, 2100
"""Years an event may be filtered by: a query asking for year 99999 is told it is out of range."""

Choices = list[tuple[str, Any]]


def pathway_choices() -> Choices:
    return [(key, localised(PATHWAY_TITLES[key])) for key in PATHWAYS]


def city_whole(city: City) -> str:
    return f"city-{city.pk}"


def department_part(department: Department) -> str:
    return f"department-{department.pk}"


class LocalisedChoiceField(forms.ModelChoiceField):
    """A city, cohort or framework version named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, FrameworkVersion):
            return f"{localised(obj.title)} ({obj.version})"
        if isinstance(obj, City):
            return localised(obj.name)
        return str(obj)


class EventForm(forms.Form):
    """An event's details. ``cities`` are the network's (with their departments prefetched),
    ``frameworks`` the imported versions offered as the event's framework."""

    kind = forms.ChoiceField(label=_("Type of event"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    organisers = forms.CharField(label=_("Organisers"), max_length=300, required=False)
    host_city = LocalisedChoiceField(
        label=_("Host city"), queryset=City.objects.none(), required=False
    )
    cohort = LocalisedChoiceField(label=_("Cohort"), queryset=Cohort.objects.none(), required=False)
    framework = LocalisedChoiceField(
        label=_("Framework"),
        queryset=FrameworkVersion.objects.none(),
        required=False,
        help_text=_("The framework the indicators below come from."),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators targeted"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Only indicators of the chosen framework are accepted."),
    )
    pathways = forms.MultipleChoiceField(
        label=_("Pathways targeted"), required=False, widget=forms.CheckboxSelectMultiple
    )
    participants = forms.MultipleChoiceField(
        label=_("Participants"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A city as a whole, or the departments that came. An event with no participants "
            "is open to the whole network, and every member city's users see it."
        ),
    )

    def __init__(
        self,
        *args: Any,
        cities: list[City],
        cohorts: list[Cohort],
        frameworks: list[FrameworkVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        by_pk = {city.pk: city for city in cities}
        self.fields["host_city"].queryset = City.objects.filter(pk__in=by_pk)  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = Cohort.objects.filter(pk__in=[c.pk for c in cohorts])  # type: ignore[attr-defined]
        self.fields["framework"].queryset = FrameworkVersion.objects.filter(  # type: ignore[attr-defined]
            pk__in=[f.pk for f in frameworks]
        ).defer("definition")
        self.fields["indicators"].choices = _indicator_choices(frameworks)  # type: ignore[attr-defined]
        self.fields["pathways"].choices = pathway_choices()  # type: ignore[attr-defined]
        self._parts = _participant_parts(cities)
        self.fields["participants"].choices = [  # type: ignore[attr-defined]
            (
                localised(city.name),
                [(key, label) for key, (c, _d, label) in self._parts.items() if c == city],
            )
            for city in cities
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("end", _("The last day is before the first day."))
        if not data.get("place", "").strip() and not data.get("online"):
            self.add_error("place", _("Give the place, or tick online."))
        if data.get("indicators") and data.get("framework") is None:
            self.add_error("framework", _("Choose the framework the indicators come from."))
        return data

    def details(self) -> EventDetails:
        data = self.cleaned_data
        participants: list[Participant] = [
            (self._parts[key][0], self._parts[key][1]) for key in data["participants"]
        ]
        return EventDetails(
            kind=data["kind"],
            title=data["title"],
            start=data["start"],
            end=data["end"],
            description=data["description"],
            place=data["place"],
            online=data["online"],
            organisers=data["organisers"],
            host_city=data["host_city"],
            cohort=data["cohort"],
            framework=data["framework"],
            indicators=tuple(data["indicators"]),
            pathways=tuple(data["pathways"]),
            participants=tuple(participants),
        )

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        return {
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "start": event.start,
            "end": event.end,
            "place": event.place,
            "online": event.online,
            "organisers": event.organisers,
            "host_city": event.host_city_id,
            "cohort": event.cohort_id,
            "framework": event.framework_id,
            "indicators": list(event.indicators),
            "pathways": list(event.pathways),
            "participants": [
                department_part(p.department) if p.department else city_whole(p.city)
                for p in event.participants.all()
            ],
        }


def _indicator_choices(frameworks: list[FrameworkVersion]) -> Choices:
    """Indicators grouped by framework version; ids repeat across versions, and the domain
    checks each chosen one against the chosen framework."""
    return [
        (
            f"{localised(version.title)} ({version.version})",
            [
                (indicator.id, f"{indicator.id} {localised(indicator.title)}")
                for indicator in version.load().indicators()
            ],
        )
        for version in frameworks
    ]


def _participant_parts(
    cities: list[City],
) -> dict[str, tuple[City, Department | None, str]]:
    """Choice value -> (city, department or None, label): each city as a whole, then each of
    its departments."""
    parts: dict[str, tuple[City, Department | None, str]] = {}
    for city in cities:
        parts[city_whole(city)] = (city, None, str(_("the city as a whole")))
        for department in city.departments.all():
            parts[department_part(department)] = (city, department, localised(department.name))
    return parts


class MaterialForm(forms.Form):
    """A link or a file shared with an event; files are held to the evidence files' limits."""

    title = forms.CharField(label=_("Title of the material"), max_length=TITLE_MAX_LENGTH)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("link")) == bool(data.get("file")) and not self.errors:
            raise forms.ValidationError(_("Give either a link or a file."))
        return data


class EventFilterForm(forms.Form):
    """The list's filters, read from the query string; a value out of place is an error shown
    beside the list, which then ignores that filter."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    kind = forms.ChoiceField(label=_("Type of event"), required=False)
    pathway = forms.ChoiceField(label=_("Pathway"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args: Any, cities: list[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(Event.Kind.choices)  # type: ignore[attr-defined]
        self.fields["pathway"].choices = every + pathway_choices()  # type: ignore[attr-defined]
        self.fields["city"].choices = every + [(c.slug, localised(c.name)) for c in cities]  # type: ignore[attr-defined]
        self._cities = {city.slug: city for city in cities}

    def filters(self) -> EventFilters:
        """The valid filters; one in error is left open."""
        self.is_valid()
        data = self.cleaned_data
        return EventFilters(
            year=data.get("year") or None,
            kind=data.get("kind") or None,
            pathway=data.get("pathway") or None,
            city=self._cities.get(data.get("city") or ""),
        )

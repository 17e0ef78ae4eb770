"""The network's events: list, detail, the secretariat's form and materials, the year's
activity, and a city's key areas beside the events on them.

Views find what they show through the domain and check access once (:mod:`..permissions`):
a person with no role in the network (or the city) gets "not found"; a city's user who asks to
edit gets "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake_web import permissions
from stocktake_web.assessments.domain.evidence import too_large
from stocktake_web.assessments.interfaces.downloads import stored_file
from stocktake_web.assessments.interfaces.uploads import refused_uploads
from stocktake_web.events.domain.activity import year_activity
from stocktake_web.events.domain.events import (
    InvalidEventError,
    change_event,
    event_pathways,
    indicator_titles,
    record_described_event,
)
from stocktake_web.events.domain.key_areas import key_area_events
from stocktake_web.events.domain.listing import (
    ALL_CITIES,
    event_in_network,
    event_years,
    framework_versions,
    is_visible,
    member_cities,
    network_cities,
    visible_events,
)
from stocktake_web.events.domain.materials import add_material, material_of_event, remove_material
from stocktake_web.events.interfaces.activity import (
    city_rows,
    kind_rows,
    pathway_labels,
    pathway_rows,
)
from stocktake_web.events.interfaces.forms import (
    YEAR_MAX,
    YEAR_MIN,
    EventFilterForm,
    EventForm,
    MaterialForm,
)
from stocktake_web.events.models import Event
from stocktake_web.network.access import city_results_or_404
from stocktake_web.network.domain import cohorts_of_network, network_with_slug
from stocktake_web.network.models import Network

EVENTS_PER_PAGE = 50


@dataclass(frozen=True)
class Viewer:
    """The network asked for, and the cities whose events the person sees (``ALL_CITIES``
    for the secretariat)."""

    network: Network
    cities: frozenset[int] | None
    edits: bool


def _viewer(request: HttpRequest, network: str) -> Viewer:
    place = network_with_slug(network)
    if place is None:
        raise Http404
    member = [city.pk for city in member_cities(place, permissions.member_city_ids(request.user))]
    permissions.authorize_network(
        request.user,
        allowed=permissions.can_view_events(request.user, place, member_cities=member),
    )
    edits = permissions.can_edit_events(request.user, place)
    return Viewer(place, ALL_CITIES if edits else frozenset(member), edits)


def _editor(request: HttpRequest, network: str) -> Viewer:
    viewer = _viewer(request, network)
    if not viewer.edits:
        raise PermissionDenied
    return viewer


def _event(viewer: Viewer, event_id: int) -> Event:
    event = event_in_network(viewer.network, event_id)
    if event is None or not is_visible(event, viewer.cities):
        raise Http404
    return event


@login_required
@require_GET
def event_list(request: HttpRequest, network: str) -> HttpResponse:
    viewer = _viewer(request, network)
    filters = EventFilterForm(request.GET, cities=network_cities(viewer.network))
    events = visible_events(viewer.network, cities=viewer.cities, filters=filters.filters())
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "network": viewer.network,
        "filters": filters,
        "page": page,
        "years": event_years(viewer.network),
        "edits": viewer.edits,
        "query": _query_without_page(request),
    }
    return render(request, "events/list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def event_detail(request: HttpRequest, network: str, event_id: int) -> HttpResponse:
    viewer = _viewer(request, network)
    event = _event(viewer, event_id)
    form = MaterialForm() if viewer.edits else None
    return render(request, "events/detail.html", _detail(viewer, event, form))


def _detail(viewer: Viewer, event: Event, material_form: MaterialForm | None) -> dict[str, object]:
    return {
        "network": viewer.network,
        "event": event,
        "pathways": pathway_labels(event_pathways(event)),
        "indicators": indicator_titles(event),
        "edits": viewer.edits,
        "material_form": material_form,
    }


def _event_form(request: HttpRequest, viewer: Viewer, event: Event | None) -> EventForm:
    initial = EventForm.initial_for(event) if event is not None else {}
    return EventForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        cities=network_cities(viewer.network),
        cohorts=cohorts_of_network(viewer.network),
        frameworks=framework_versions(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, network: str) -> HttpResponse:
    return _event_page(request, _editor(request, network), None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, network: str, event_id: int) -> HttpResponse:
    viewer = _editor(request, network)
    return _event_page(request, viewer, _event(viewer, event_id))


def _event_page(request: HttpRequest, viewer: Viewer, event: Event | None) -> HttpResponse:
    """The form of a new event (``event`` None) or of ``event``; saved, the event's page."""
    form = _event_form(request, viewer, event)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _saved(request, viewer, event, form)
        except InvalidEventError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("events:detail", network=viewer.network.slug, event_id=saved.pk)
    context = {"network": viewer.network, "form": form, "event": event}
    return render(request, "events/form.html", context)


def _saved(request: HttpRequest, viewer: Viewer, event: Event | None, form: EventForm) -> Event:
    if event is None:
        event = record_described_event(
            network=viewer.network, created_by=request.user, details=form.details()
        )
        messages.success(request, _("The event is recorded."))
        return event
    change_event(event=event, details=form.details(), by=request.user)
    messages.success(request, _("The event is saved."))
    return event


@login_required
@require_POST
def material_new(request: HttpRequest, network: str, event_id: int) -> HttpResponse:
    viewer = _editor(request, network)
    event = _event(viewer, event_id)
    form = MaterialForm(request.POST, request.FILES)
    for name in refused_uploads(request):
        form.add_error("file", too_large(name))
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_material(event=event, title=data["title"], link=data["link"], file=data["file"])
        except InvalidEventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The material is added."))
            return redirect("events:detail", network=viewer.network.slug, event_id=event.pk)
    return render(request, "events/detail.html", _detail(viewer, event, form), status=400)


@login_required
@require_POST
def material_remove(
    request: HttpRequest, network: str, event_id: int, material_id: int
) -> HttpResponse:
    viewer = _editor(request, network)
    material = material_of_event(_event(viewer, event_id), material_id)
    if material is None:
        raise Http404
    remove_material(material=material)
    messages.success(request, _("The material is removed."))
    return redirect("events:detail", network=viewer.network.slug, event_id=event_id)


@login_required
@require_GET
def material_file(
    request: HttpRequest, network: str, event_id: int, material_id: int
) -> FileResponse:
    material = material_of_event(_event(_viewer(request, network), event_id), material_id)
    if material is None:
        raise Http404
    return stored_file(material)


@login_required
@require_GET
def year_page(request: HttpRequest, network: str, year: int) -> HttpResponse:
    viewer = _viewer(request, network)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    activity = year_activity(viewer.network, year=year, cities=viewer.cities)
    context = {
        "network": viewer.network,
        "activity": activity,
        "pathway_rows": pathway_rows(activity.by_pathway),
        "city_rows": city_rows(activity.by_city),
        "kind_rows": kind_rows(activity.by_kind),
        "years": event_years(viewer.network),
    }
    return render(request, "events/year.html", context)


@login_required
@require_GET
def city_events(request: HttpRequest, city: str) -> HttpResponse:
    """A city's key areas for development beside the network's events on them."""
    place = city_results_or_404(request.user, city)
    secretariat = permissions.is_network_admin(request.user, place.network)
    shown = key_area_events(place, cities=ALL_CITIES if secretariat else frozenset([place.pk]))
    context = {"city": place, "shown": shown}
    return render(request, "events/city.html", context)

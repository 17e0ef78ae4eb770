"""The audit log page of a network, for its secretariat and the installation's staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stocktake_web import permissions
from stocktake_web.audit import domain
from stocktake_web.audit.interfaces.events import EventFilter, concerning
from stocktake_web.network.domain import network_with_slug


@login_required
@require_GET
def audit_log(request: HttpRequest, network: str) -> HttpResponse:
    """The network's events, newest first, of one kind or of every kind."""
    place = network_with_slug(network)
    if place is None:
        raise Http404
    permissions.authorize_network(
        request.user, allowed=permissions.can_read_audit_log(request.user, place)
    )
    chosen = EventFilter(request.GET)
    kind = chosen.chosen_kind()
    page = domain.network_events_page(place, kind=kind, number=request.GET.get("page"))
    rows = [(event, concerning(event)) for event in page]
    context = {"network": place, "filter": chosen, "kind": kind, "page": page, "rows": rows}
    return render(request, "audit/log.html", context)

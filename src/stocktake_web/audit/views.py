"""The audit log page of a network, for its secretariat and the installation's staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from stocktake_web import permissions
from stocktake_web.audit.interfaces.events import EventFilter, concerning
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.models import Network

EVENTS_PER_PAGE = 50
"""Events per page: two queries a page (count and rows), however long the log grows."""


@login_required
@require_GET
def audit_log(request: HttpRequest, network: str) -> HttpResponse:
    """The network's events, newest first, of one kind or of every kind."""
    place = get_object_or_404(Network, slug=network)
    permissions.authorize_network(
        request.user, allowed=permissions.can_read_audit_log(request.user, place)
    )
    chosen = EventFilter(request.GET)
    events = AuditEvent.objects.of_network(place.pk)
    if kind := chosen.chosen_kind():
        events = events.filter(kind=kind)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(event, concerning(event)) for event in page.object_list]
    context = {"network": place, "filter": chosen, "kind": kind, "page": page, "rows": rows}
    return render(request, "audit/log.html", context)

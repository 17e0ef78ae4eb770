"""A city's context, kept by its coordinator and the secretariat, and a network's public
summary of the rounds its cities chose to publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stocktake_web import permissions
from stocktake_web.network.domain import city_with_network, network_with_slug
from stocktake_web.network.domain.consent import public_summary_rounds
from stocktake_web.network.domain.context import ContextError, update_city_context
from stocktake_web.network.interfaces.context import CityContextForm
from stocktake_web.network.interfaces.public import public_tables


@login_required
@require_http_methods(["GET", "POST"])
def city_context(request: HttpRequest, city: str) -> HttpResponse:
    """Read by whoever sees the city's results; changed by its coordinator and the secretariat."""
    place = city_with_network(city)
    if place is None:
        raise Http404
    editable = permissions.can_edit_city_context(request.user, place)
    allowed = (
        editable if request.method == "POST" else permissions.can_view_results(request.user, place)
    )
    permissions.authorize(request.user, city=place, allowed=allowed)
    form = CityContextForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            update_city_context(city=place, **form.cleaned_data)
        except ContextError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The city's context is saved."))
            return redirect("network:context", city=place.slug)
    context = {
        "city": place,
        "form": form or CityContextForm.of_city(place),
        "editable": editable,
    }
    return render(request, "network/city_context.html", context)


@require_GET
def public_summary(request: HttpRequest, network: str) -> HttpResponse:
    """Open to anyone: the summaries the network's cities chose to publish, nothing else."""
    place = network_with_slug(network)
    if place is None:
        raise Http404
    tables = public_tables(public_summary_rounds(place))
    return render(request, "network/public.html", {"network": place, "tables": tables})

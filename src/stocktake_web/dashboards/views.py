"""The city dashboard, its exports, and the secretariat's overview of a cohort.

Views find what they show through the domain (the network's places, the assessment domain's
rounds and results) and render it through ``interfaces``; they run no query of their own.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from stocktake_web import permissions
from stocktake_web.assessments.domain.lookups import (
    latest_counted,
    round_with_framework,
    rounds_of_city,
)
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain import record_export
from stocktake_web.dashboards.interfaces import exports
from stocktake_web.dashboards.interfaces.cohort import cohort_rows
from stocktake_web.dashboards.interfaces.panels import round_panels
from stocktake_web.network.access import city_dashboard_or_404, secretariat_cohort_or_404
from stocktake_web.network.domain import (
    cohort_cities_page,
    cohorts_of_network,
    network_with_slug,
)


@login_required
@require_GET
def city_dashboard(request: HttpRequest, city: str) -> HttpResponse:
    """Completion by department, scores by dimension and pathway, the heatmap, the key areas."""
    place = city_dashboard_or_404(request.user, city)
    rounds = rounds_of_city(place)
    selected = _selected(request, rounds)
    context: dict[str, object] = {
        "city": place,
        "rounds": rounds,
        "round": selected,
        "coordinator": permissions.is_city_coordinator(request.user, place),
        # A respondent let in by the network's setting reads the dashboard only: the links to
        # the round page, the exports and the network's comparisons would refuse them.
        "full_results": permissions.can_view_results(request.user, place),
    }
    if selected is not None:
        context["round_panels"] = round_panels(
            selected, today=timezone.localdate(), exports=bool(context["full_results"])
        )
    return render(request, "dashboards/city.html", context)


def _selected(request: HttpRequest, rounds: list[Round]) -> Round | None:
    """The round asked for; without one, the city's latest counted round (a training round
    only when the city has nothing else)."""
    wanted = request.GET.get("round", "")
    if not wanted:
        return latest_counted(rounds) or (rounds[0] if rounds else None)
    for candidate in rounds:
        if str(candidate.pk) == wanted:
            return candidate
    raise Http404


def _exportable(request: HttpRequest, round_id: int) -> Round:
    current = round_with_framework(round_id)
    if current is None:
        raise Http404
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_results(request.user, current.city),
    )
    return current


@login_required
@require_GET
def answers_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    made = exports.answers_file(current)
    record_export(round=current, by=request.user, export="answers.csv")
    return exports.download(made)


@login_required
@require_GET
def results_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    made = exports.results_file(current)
    record_export(round=current, by=request.user, export="results.csv")
    return exports.download(made)


@login_required
@require_GET
def results_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    made = exports.workbook_file(current)
    record_export(round=current, by=request.user, export="results.xlsx")
    return exports.download(made)


@login_required
@require_GET
def network_page(request: HttpRequest, network: str) -> HttpResponse:
    place = network_with_slug(network)
    if place is None:
        raise Http404
    permissions.authorize_network(
        request.user, allowed=permissions.is_network_admin(request.user, place)
    )
    cohorts = cohorts_of_network(place)
    return render(request, "dashboards/network.html", {"network": place, "cohorts": cohorts})


@login_required
@require_GET
def cohort_overview(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """Every city of a cohort: its latest round, state, completion and overdue departments."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    page = cohort_cities_page(group, request.GET.get("page"))
    context = {
        "network": group.network,
        "cohort": group,
        "rows": cohort_rows(list(page), today=timezone.localdate()),
        "page": page,
    }
    return render(request, "dashboards/cohort.html", context)

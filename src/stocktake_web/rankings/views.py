"""The cohort composite index: the secretariat's page for a cohort and a city's own page.

Views find what they show through the domain and write it through ``interfaces``; a query
parameter naming nothing the page can show gives the page with a sentence and the choices
(status 400), never an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.access import city_results_or_404, secretariat_cohort_or_404
from stocktake_web.network.domain.consent import Audience
from stocktake_web.network.models import City, Cohort
from stocktake_web.rankings.domain import (
    Choice,
    chosen_cohort,
    city_framework,
    cohort_framework,
    cohort_index,
)
from stocktake_web.rankings.interfaces.page import index_page


@login_required
@require_GET
def cohort_index_page(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """Every city's score, rank and rank interval, for the network's secretariat."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    frameworks = cohort_framework(group, request.GET.get("framework"))
    context = _framework_context(frameworks, group, Audience.SECRETARIAT, None)
    context.update(network=group.network, cohort=group)
    return render(request, "rankings/cohort.html", context, status=_status(frameworks))


@login_required
@require_GET
def city_index_page(request: HttpRequest, city: str) -> HttpResponse:
    """The city's own rank interval in plain words, beside the cities it may see named."""
    place = city_results_or_404(request.user, city)
    cohorts = chosen_cohort(place, request.GET.get("cohort"))
    frameworks = city_framework(place, request.GET.get("framework"))
    context: dict[str, Any] = {"city": place, "cohorts": cohorts, "frameworks": frameworks}
    if cohorts.chosen is not None:
        context.update(_framework_context(frameworks, cohorts.chosen, Audience.CITY, place))
    status = max(_status(cohorts), _status(frameworks))
    return render(request, "rankings/city.html", context, status=status)


def _framework_context(
    frameworks: Choice[FrameworkVersion], cohort: Cohort, audience: Audience, city: City | None
) -> dict[str, Any]:
    context: dict[str, Any] = {"frameworks": frameworks}
    chosen = frameworks.chosen
    if chosen is not None:
        index = cohort_index(cohort=cohort, framework=chosen, audience=audience, viewer_city=city)
        context.update(index_page(index, framework_title=localised(chosen.title)))
    return context


def _status(choice: Choice[Any]) -> int:
    return 400 if choice.problem else 200

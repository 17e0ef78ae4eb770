"""Progress between two signed-off rounds of a city, its local stocktake export, and the
secretariat's comparison of cities that took part in the network's events with those that did not.

Views find what they show through the domain and render it through ``interfaces``; they run no
query of their own.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stocktake_web.audit.domain import record_export
from stocktake_web.dashboards.interfaces.exports import ExportFile
from stocktake_web.network.access import city_results_or_404, secretariat_cohort_or_404
from stocktake_web.network.models import City
from stocktake_web.progress.domain import (
    ComparedRounds,
    ProgressRefused,
    RoundChoice,
    RoundNotFound,
    choose_rounds,
    compare_city_rounds,
)
from stocktake_web.progress.domain.events_targeted import (
    cohort_frameworks,
    events_targeted_progress,
)
from stocktake_web.progress.interfaces.changes import local_stocktake, progress_lines
from stocktake_web.progress.interfaces.exports import progress_csv, progress_xlsx


def _choice(request: HttpRequest, place: City) -> RoundChoice:
    try:
        return choose_rounds(
            city=place,
            before=request.GET.get("before", "")[:32],
            after=request.GET.get("after", "")[:32],
        )
    except RoundNotFound:
        raise Http404 from None


def _compared(choice: RoundChoice) -> tuple[ComparedRounds | None, str]:
    """The comparison, or None and the sentence saying why there is none."""
    if not choice.comparable:
        return None, choice.problem
    assert choice.before is not None and choice.after is not None
    try:
        return compare_city_rounds(before=choice.before, after=choice.after), ""
    except ProgressRefused as refused:
        return None, str(refused)


def _page(request: HttpRequest, place: City, status: int = 200) -> HttpResponse:
    choice = _choice(request, place)
    compared, problem = _compared(choice)
    context: dict[str, object] = {"city": place, "choice": choice, "problem": problem}
    if compared is not None:
        lines = progress_lines(compared.progress, from_version=compared.crosswalk_from)
        context.update(compared=compared, lines=lines, summary=local_stocktake(lines))
    return render(request, "progress/city.html", context, status=status)


@login_required
@require_GET
def city_progress(request: HttpRequest, city: str) -> HttpResponse:
    """Per indicator, group and overall: before, after, change, threshold and verdict."""
    return _page(request, city_results_or_404(request.user, city))


def _export(request: HttpRequest, city: str, kind: str) -> HttpResponse:
    place = city_results_or_404(request.user, city)
    compared, _problem = _compared(_choice(request, place))
    if compared is None:
        return _page(request, place, status=400)
    lines = progress_lines(compared.progress, from_version=compared.crosswalk_from)
    if kind == "csv":
        made: ExportFile = progress_csv(compared.before, compared.after, lines)
    else:
        summary = local_stocktake(lines)
        made = progress_xlsx(compared.before, compared.after, lines, summary)
    record_export(round=compared.after, by=request.user, export=f"progress.{kind}")
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    return response


@login_required
@require_GET
def city_progress_csv(request: HttpRequest, city: str) -> HttpResponse:
    return _export(request, city, "csv")


@login_required
@require_GET
def city_progress_xlsx(request: HttpRequest, city: str) -> HttpResponse:
    return _export(request, city, "xlsx")


@login_required
@require_GET
def cohort_progress(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """The secretariat's view: participating and other cities' changes per targeted indicator."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    frameworks = cohort_frameworks(group)
    wanted = request.GET.get("framework", "")[:200]
    framework = next((f for f in frameworks if f.key == wanted), None)
    if framework is None and not wanted and frameworks:
        framework = frameworks[0]
    context: dict[str, object] = {
        "network": group.network,
        "cohort": group,
        "frameworks": frameworks,
        "framework": framework,
        "unknown_framework": bool(wanted) and framework is None,
    }
    if framework is not None:
        context["comparison"] = events_targeted_progress(cohort=group, framework=framework)
    return render(request, "progress/cohort.html", context)

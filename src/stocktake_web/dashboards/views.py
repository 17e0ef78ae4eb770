"""The city dashboard, its exports, and the secretariat's overview of a cohort."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stocktake_web import permissions
from stocktake_web.assessments.domain import (
    change_marker,
    core_answers,
    progress_markers,
    round_records,
)
from stocktake_web.assessments.domain.completion import (
    LatestRound,
    cohort_status,
    department_progress,
    latest_rounds,
)
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces import exports
from stocktake_web.dashboards.interfaces.charts import bar_chart
from stocktake_web.dashboards.interfaces.cohort import cohort_lines, row_html
from stocktake_web.dashboards.interfaces.heatmap import heatmap
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard
from stocktake_web.network.models import City, Cohort, Network

CITIES_PER_PAGE = 50
"""Cities per page of the cohort overview: the page's cost stays flat as a network grows."""

ROUND_PANELS_SECONDS = 24 * 3600
"""How long a round's rendered panels are kept at most; any change to the round replaces them
sooner, since the cache key holds the round's change marker."""


@login_required
@require_GET
def city_dashboard(request: HttpRequest, city: str) -> HttpResponse:
    """Completion by department, scores by dimension and pathway, the heatmap, the key areas."""
    place = get_object_or_404(City.objects.select_related("network"), slug=city)
    permissions.authorize(
        request.user, city=place, allowed=permissions.can_view_results(request.user, place)
    )
    rounds = list(place.rounds.with_framework().select_related("sign_off"))
    selected = _selected(request, rounds)
    context: dict[str, object] = {
        "city": place,
        "rounds": rounds,
        "round": selected,
        "coordinator": permissions.is_city_coordinator(request.user, place),
    }
    if selected is not None:
        context["round_panels"] = _round_html(selected)
    return render(request, "dashboards/city.html", context)


def _selected(request: HttpRequest, rounds: list[Round]) -> Round | None:
    wanted = request.GET.get("round", "")
    if not wanted:
        return rounds[0] if rounds else None
    for candidate in rounds:
        if str(candidate.pk) == wanted:
            return candidate
    raise Http404


def _round_html(round: Round) -> SafeString:
    """The round's panels, rendered once and kept until the round changes.

    Computing results and drawing the heatmap costs tens of milliseconds, while people reload
    dashboards far more often than answers change. The key holds everything the panels depend
    on: the round's change marker (one query), its state and deadline, the day (overdue
    departments) and the language.
    """
    today = timezone.localdate()
    key = ":".join(
        [
            "round-panels",
            str(round.pk),
            round.state,
            round.deadline.isoformat(),
            today.isoformat(),
            get_language() or "",
            change_marker(round),
        ]
    )
    html: SafeString | None = cache.get(key)
    if html is None:
        html = SafeString(render_to_string("dashboards/_round.html", _round_panels(round, today)))
        cache.set(key, html, ROUND_PANELS_SECONDS)
    return html


def _round_panels(round: Round, today: datetime.date) -> dict[str, object]:
    """Scores and key areas (the stored ones once signed off), progress, charts and heatmap."""
    shown = round_records(round)
    framework = shown.framework
    board = scoreboard(shown.record, shown.priorities, framework, stored=shown.stored)
    progress = department_progress(round, today=today)
    departments = [item.department for item in progress]
    assigned = set(round.assignments.values_list("indicator", "department_id"))
    return {
        "round": round,
        "framework": framework,
        "progress": progress,
        "board": board,
        "dimension_chart": bar_chart(board.dimensions, title=_("Scores by dimension")),
        "pathway_chart": bar_chart(board.pathways, title=_("Scores by development pathway")),
        "heat_departments": departments,
        "heatmap": heatmap(framework, shown.consolidation, departments, assigned),
    }


def _exportable(request: HttpRequest, round_id: int) -> Round:
    current = get_object_or_404(
        Round.objects.with_framework().select_related("sign_off"), pk=round_id
    )
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_results(request.user, current.city),
    )
    return current


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(round: Round) -> str:
    return f"{round.city.slug}-round-{round.pk}"


@login_required
@require_GET
def answers_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    rows = exports.answer_rows(core_answers(current))
    content = exports.csv_bytes(exports.ANSWER_COLUMNS, rows)
    return _download(content, f"{_stem(current)}-answers.csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def results_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    record = round_records(current).record
    content = exports.csv_bytes(exports.RESULT_COLUMNS, exports.result_rows(record))
    return _download(content, f"{_stem(current)}-results.csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def results_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _exportable(request, round_id)
    answers = core_answers(current)
    shown = round_records(current, answers)
    board = scoreboard(shown.record, shown.priorities, shown.framework, stored=shown.stored)
    content = exports.xlsx_bytes(
        [
            ("answers", exports.ANSWER_COLUMNS, exports.answer_rows(answers)),
            ("results", exports.RESULT_COLUMNS, exports.result_rows(shown.record)),
            ("key areas", exports.KEY_AREA_COLUMNS, exports.key_area_rows(board.key_areas)),
        ]
    )
    return _download(
        content,
        f"{_stem(current)}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
def network_page(request: HttpRequest, network: str) -> HttpResponse:
    place = get_object_or_404(Network, slug=network)
    permissions.authorize_network(
        request.user, allowed=permissions.is_network_admin(request.user, place)
    )
    cohorts = list(place.cohorts.select_related("chair"))
    return render(request, "dashboards/network.html", {"network": place, "cohorts": cohorts})


@login_required
@require_GET
def cohort_overview(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """Every city of a cohort: its latest round, state, completion and overdue departments."""
    group = get_object_or_404(
        Cohort.objects.select_related("network", "chair"), pk=cohort, network__slug=network
    )
    permissions.authorize_network(
        request.user, allowed=permissions.can_view_cohort(request.user, group)
    )
    page = Paginator(group.cities.order_by("slug"), CITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "network": group.network,
        "cohort": group,
        "rows": _cohort_rows(list(page.object_list)),
        "page": page,
    }
    return render(request, "dashboards/cohort.html", context)


def _cohort_rows(cities: list[City]) -> SafeString:
    """A page of the overview's table rows, each kept until its city's data changes.

    A row's key holds the language and the day (overdue departments), the city as loaded, its
    latest round's own fields and that round's progress marker: a change to any of them makes
    a new key. The page reads every row's key at once and works out only the rows it missed,
    so an answer saved in one city leaves the other rows of the page as they were.
    """
    today = timezone.localdate()
    latest = latest_rounds(cities)
    markers = progress_markers([round.pk for round in latest.values()])
    keys = {city.pk: _row_key(city, latest.get(city.pk), markers, today) for city in cities}
    rows: dict[str, SafeString] = cache.get_many(list(keys.values()))
    missed = [city for city in cities if keys[city.pk] not in rows]
    if missed:
        rounds = {city.pk: latest[city.pk] for city in missed if city.pk in latest}
        statuses = cohort_status(missed, rounds, today=today)
        made = {
            keys[status.city.pk]: row_html(line)
            for status, line in zip(statuses, cohort_lines(statuses), strict=True)
        }
        cache.set_many(made, ROUND_PANELS_SECONDS)
        rows |= made
    return SafeString("".join(rows[keys[city.pk]] for city in cities))


def _row_key(
    city: City,
    round: LatestRound | None,
    markers: dict[int, tuple[object, ...]],
    today: datetime.date,
) -> str:
    shown: tuple[object, ...] = (city.pk, city.slug, city.name, city.kind, city.country)
    if round is not None:
        shown += (round.pk, round.name, round.state, round.deadline, round.framework_key)
        shown += markers.get(round.pk, ())
    digest = hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()
    return f"cohort-row:{get_language() or ''}:{today.isoformat()}:{digest}"

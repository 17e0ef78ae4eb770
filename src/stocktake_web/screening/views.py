"""Innovation screening pages: a city's screenings, one screening's candidates, panel and
results, a panel department's score sheet, the exports, and the network's criteria.

Each view finds what it shows and checks access once (:mod:`stocktake_web.permissions`): a person
with no role in the city gets "not found"; one of the city who may not do the thing gets
"forbidden". Changes go through :mod:`stocktake_web.screening.domain.screenings`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake.screening import METHODS
from stocktake_web import permissions
from stocktake_web.assessments.views.lookups import signed_in_user
from stocktake_web.audit.domain.events import record_event
from stocktake_web.audit.models import AuditEvent
from stocktake_web.dashboards.interfaces.exports import CSV, XLSX, ExportFile, download
from stocktake_web.network.domain import city_with_network, network_with_slug
from stocktake_web.network.models import City, Department, Network
from stocktake_web.permissions import AnyUser
from stocktake_web.screening.domain.criteria import (
    InvalidCriteriaError,
    has_own_criteria,
    network_criteria,
    replace_network_criteria,
    reweigh_network_criteria,
)
from stocktake_web.screening.domain.results import (
    key_areas_of,
    priorities_only,
    screening_results,
)
from stocktake_web.screening.domain.screenings import (
    InvalidScreeningError,
    SheetConflict,
    add_solution,
    create_screening,
    remove_solution,
    save_sheet,
    send_to_planner,
    set_panel,
    stored_sheet,
    withdraw_from_planner,
)
from stocktake_web.screening.interfaces.exports import ranking_csv, ranking_xlsx
from stocktake_web.screening.interfaces.forms import (
    CriteriaUploadForm,
    CriteriaWeightsForm,
    PanelForm,
    PlannerForm,
    ScreeningForm,
    SheetForm,
    SolutionForm,
    cell_name,
    seen_field,
)
from stocktake_web.screening.interfaces.upload import UnreadableCriteria, criteria_file, read_upload
from stocktake_web.screening.models import Method, PanelDepartment, Screening, SolutionScore


def _city(request: HttpRequest, slug: str) -> City:
    place = city_with_network(slug)
    if place is None:
        raise Http404
    permissions.authorize(
        request.user, city=place, allowed=permissions.can_view_city(request.user, place)
    )
    return place


def _screening(
    request: HttpRequest, screening_id: int, *, allowed: Callable[[AnyUser, City], bool]
) -> Screening:
    """The screening, once ``allowed(user, city)`` says the person may do what the view does."""
    found = Screening.objects.select_related("city__network", "round").filter(pk=screening_id)
    screening = found.first()
    if screening is None:
        raise Http404
    permissions.authorize(
        request.user, city=screening.city, allowed=allowed(request.user, screening.city)
    )
    return screening


def _manage(request: HttpRequest, screening_id: int) -> Screening:
    return _screening(request, screening_id, allowed=permissions.can_manage_screening)


def _back(screening: Screening) -> HttpResponse:
    return redirect("screening:detail", screening.pk)


@login_required
@require_http_methods(["GET", "POST"])
def city_screenings(request: HttpRequest, city: str) -> HttpResponse:
    """The city's screenings (a respondent sees those their department scores), and the
    coordinator's form for a new one."""
    place = _city(request, city)
    manages = permissions.can_manage_screening(request.user, place)
    form = ScreeningForm(request.POST if request.method == "POST" else None, city=place)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if form.is_valid():
            try:
                made = create_screening(
                    city=place,
                    title=form.cleaned_data["title"],
                    round=form.cleaned_data["round"],
                    method=form.cleaned_data["method"],
                    created_by=signed_in_user(request),
                )
            except InvalidScreeningError as exc:
                form.add_error(None, str(exc))
            else:
                return _back(made)
    reads = permissions.can_view_screening_results(request.user, place)
    context = {
        "city": place,
        "screenings": _listed(place, request, reads=reads),
        "form": form if manages else None,
        "reads": reads,
        "own_criteria": has_own_criteria(place.network),
    }
    return render(request, "screening/city.html", context)


def _listed(place: City, request: HttpRequest, *, reads: bool) -> list[Screening]:
    screenings = place.screenings.select_related("round").annotate(
        candidates=Count("solutions", distinct=True), panel_size=Count("panel", distinct=True)
    )
    if not reads:
        mine = permissions.roles_of(request.user).departments
        screenings = screenings.filter(panel__department_id__in=mine)
    listed: list[Screening] = list(screenings)
    sheets = PanelDepartment.objects.filter(
        screening__in=listed, department_id__in=permissions.roles_of(request.user).departments
    ).select_related("department")
    by_screening: dict[int, list[Department]] = {}
    for member in sheets:
        by_screening.setdefault(member.screening_id, []).append(member.department)
    for screening in listed:
        screening.my_sheets = by_screening.get(screening.pk, [])  # type: ignore[attr-defined]
    return listed


def _method(request: HttpRequest, screening: Screening) -> str:
    asked = request.GET.get("method", "")
    return asked if asked in METHODS else screening.method


@login_required
@require_GET
def screening_detail(request: HttpRequest, screening: int) -> HttpResponse:
    """Candidates, panel, agreement, ranking and its stability; the coordinator's forms."""
    found = _screening(request, screening, allowed=permissions.can_view_screening_results)
    return render(request, "screening/detail.html", _detail(request, found))


def _detail(request: HttpRequest, screening: Screening, **forms: Any) -> dict[str, Any]:
    method = _method(request, screening)
    key_areas = key_areas_of(screening.round)
    results = screening_results(screening, method=method, key_areas=key_areas)
    solutions = list(screening.solutions.all())
    manages = permissions.can_manage_screening(request.user, screening.city)
    context: dict[str, Any] = {
        "screening": screening,
        "city": screening.city,
        "round": screening.round,  # base.html's training banner, for a training round's
        "results": results,
        "method": method,
        "methods": Method.choices,
        "panel": _panel_progress(screening, len(solutions) * len(results.criteria)),
        "solutions": solutions,
        "manages": manages,
        "key_area_choices": priorities_only(key_areas),
    }
    if manages:
        context["solution_form"] = forms.get("solution_form") or SolutionForm(
            key_areas=context["key_area_choices"]
        )
        context["panel_form"] = forms.get("panel_form") or PanelForm(
            city=screening.city,
            initial={"departments": [m.department for m in context["panel"]]},
        )
        sent = [solution for solution in solutions if solution.chosen]
        proposed = (
            sent
            if screening.sent_to_planner_at
            else [row.solution for row in results.rows if row.rank == 1]
        )
        context["on_planner"] = sent if screening.sent_to_planner_at else []
        context["planner_form"] = PlannerForm(
            solutions=solutions, initial={"chosen": [str(s.pk) for s in proposed]}
        )
    return context


def _panel_progress(screening: Screening, cells: int) -> list[PanelDepartment]:
    """The panel, each department with how many of the sheet's ``cells`` it has scored."""
    members = list(screening.panel.select_related("department"))
    counts = dict(
        SolutionScore.objects.filter(solution__screening=screening)
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    for member in members:
        member.scored = counts.get(member.department_id, 0)  # type: ignore[attr-defined]
        member.cells = cells  # type: ignore[attr-defined]
    return members


@login_required
@require_POST
def solution_new(request: HttpRequest, screening: int) -> HttpResponse:
    found = _manage(request, screening)
    form = SolutionForm(request.POST, key_areas=priorities_only(key_areas_of(found.round)))
    if form.is_valid():
        try:
            add_solution(
                screening=found,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                key_areas=form.cleaned_data["key_areas"],
            )
        except InvalidScreeningError as exc:
            form.add_error("name", str(exc))
        else:
            return _back(found)
    context = _detail(request, found, solution_form=form)
    return render(request, "screening/detail.html", context, status=400)


@login_required
@require_POST
def solution_remove(request: HttpRequest, screening: int, solution: int) -> HttpResponse:
    found = _manage(request, screening)
    target = found.solutions.filter(pk=solution).first()
    if target is None:
        raise Http404
    losses = _losses(SolutionScore.objects.filter(solution=target))
    if losses and "confirmed" not in request.POST:
        heading = _("Remove the candidate %(name)s?") % {"name": target.name}
        return _confirm_loss(request, found, heading, losses, carried=[])
    remove_solution(solution=target)
    messages.success(request, _("%(name)s is no longer a candidate.") % {"name": target.name})
    return _back(found)


@login_required
@require_POST
def panel(request: HttpRequest, screening: int) -> HttpResponse:
    found = _manage(request, screening)
    form = PanelForm(request.POST, city=found.city)
    if form.is_valid():
        chosen = list(form.cleaned_data["departments"])
        leaving = SolutionScore.objects.filter(solution__screening=found).exclude(
            department__in=chosen
        )
        losses = _losses(leaving)
        if losses and "confirmed" not in request.POST:
            carried = [("departments", str(department.pk)) for department in chosen]
            heading = _("Take departments off the panel?")
            return _confirm_loss(request, found, heading, losses, carried=carried)
        set_panel(screening=found, departments=chosen)
        messages.success(request, _("The panel is saved."))
        return _back(found)
    return render(
        request, "screening/detail.html", _detail(request, found, panel_form=form), status=400
    )


def _losses(scores: Any) -> list[tuple[Department, int]]:
    """How many of ``scores`` each department gave, by department name: what a change would
    delete."""
    counts = dict(
        scores.values("department_id").annotate(n=Count("pk")).values_list("department_id", "n")
    )
    departments = Department.objects.filter(pk__in=counts).order_by("slug")
    return [(department, counts[department.pk]) for department in departments]


def _confirm_loss(
    request: HttpRequest,
    screening: Screening,
    heading: str,
    losses: list[tuple[Department, int]],
    *,
    carried: list[tuple[str, str]],
) -> HttpResponse:
    """The page that asks before a change deletes scores; its button sends the change again,
    confirmed. A change that deletes no score is made at once."""
    context = {
        "screening": screening,
        "city": screening.city,
        "round": screening.round,
        "heading": heading,
        "losses": losses,
        "carried": carried,
        "action": request.path,
    }
    return render(request, "screening/confirm_loss.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, screening: int, department: str) -> HttpResponse:
    """A panel department's score sheet: its respondents fill it in, the coordinator reads it."""
    found = Screening.objects.select_related("city__network", "round").filter(pk=screening).first()
    if found is None:
        raise Http404
    member = found.panel.select_related("department").filter(department__slug=department).first()
    if member is None:
        raise Http404  # no such sheet: the department is not on this screening's panel
    place = member.department
    permissions.authorize(
        request.user,
        city=found.city,
        allowed=permissions.can_view_screening_sheet(request.user, place),
    )
    scores = permissions.can_score_screening(request.user, place)
    if request.method == "POST" and not scores:
        raise PermissionDenied
    solutions = list(found.solutions.prefetch_related("key_areas"))
    criteria = list(found.criteria.all())
    stored = stored_sheet(found, place)

    def sheet_form(data: Any = None) -> SheetForm:
        made = SheetForm(data, solutions=solutions, criteria=criteria, disabled=not scores)
        made.initial = {name: _shown(stored.get(cell)) for name, cell in made.cells.items()}
        made.initial["seen"] = seen_field(made.cells, stored)
        return made

    form = sheet_form(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = save_sheet(
                screening=found,
                department=place,
                values=form.values(),
                seen=form.seen_values(),
                by=signed_in_user(request),
            )
        except InvalidScreeningError as exc:
            form.add_error(None, str(exc))
        else:
            if not outcome.conflicts:
                messages.success(request, _("Your department's scores are saved."))
                return redirect("screening:sheet", found.pk, place.slug)
            stored = stored_sheet(found, place)
            form = _settle(sheet_form, request, form, outcome.conflicts, stored)
            status = 409
    context = {
        "screening": found,
        "city": found.city,
        "round": found.round,
        "department": place,
        "member": member,
        "form": form,
        "scores": scores,
        "rows": [
            (solution, [(c, form[cell_name(solution, c)]) for c in criteria])
            for solution in solutions
        ],
        "criteria": criteria,
        "key_areas": key_areas_of(found.round),
    }
    if form.errors and status == 200:
        status = 400
    return render(request, "screening/sheet.html", context, status=status)


def _settle(
    sheet_form: Callable[[Any], SheetForm],
    request: HttpRequest,
    sent: SheetForm,
    conflicts: Sequence[SheetConflict],
    stored: dict[tuple[int, int], float],
) -> SheetForm:
    """The sheet to show after a save that met colleagues' changes: every cell as it is stored
    now, except the conflicting ones, which keep what this person typed (nothing typed is
    lost) beside a sentence giving the colleague's value; saving again keeps it deliberately."""
    by_cell = {conflict.cell: conflict for conflict in conflicts}
    data = request.POST.copy()
    for name, cell in sent.cells.items():
        if cell not in by_cell:
            data[name] = _shown(stored.get(cell)) or ""
    data["seen"] = seen_field(sent.cells, stored)
    form = sheet_form(data)
    form.is_valid()
    for name, cell in sent.cells.items():
        if cell in by_cell:
            form.add_error(name, _conflict_sentence(by_cell[cell]))
    return form


def _shown(value: float | None) -> str | None:
    """A stored score as the sheet's field shows it: 4, not 4.0; every digit kept."""
    return None if value is None else repr(value).removesuffix(".0")


def _conflict_sentence(conflict: SheetConflict) -> str:
    if conflict.theirs is None:
        return _(
            "Someone else of your department emptied this cell after you opened the sheet. "
            "Yours is not saved yet: save again to keep it."
        )
    return _(
        "Someone else of your department saved %(theirs)s here after you opened the sheet. "
        "Yours is not saved yet: save again to keep it, or write theirs."
    ) % {"theirs": f"{conflict.theirs:g}"}


@login_required
@require_GET
def export(request: HttpRequest, screening: int, fmt: str) -> HttpResponse:
    """The ranked result as CSV, or as a workbook with the panel's scores."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = _screening(request, screening, allowed=permissions.can_view_screening_results)
    method = _method(request, found)
    results = screening_results(found, method=method)
    if not results.ready:
        messages.error(request, _("There is no ranking to export yet: every score is needed."))
        return _back(found)
    training = "-training" if found.round and found.round.is_training else ""
    stem = f"{found.city.slug}-screening-{found.pk}{training}-{method}"
    if fmt == "csv":
        made = ExportFile(f"{stem}.csv", CSV, ranking_csv(results))
    else:
        made = ExportFile(f"{stem}.xlsx", XLSX, ranking_xlsx(found, results))
    record_event(
        kind=AuditEvent.Kind.EXPORT_DOWNLOADED,
        actor=request.user,
        network_id=found.city.network_id,
        details={
            "screening_id": found.pk,
            "screening": found.title,
            "city": found.city.name,
            "export": f"screening.{fmt}",
        },
    )
    return download(made)


@login_required
@require_POST
def planner(request: HttpRequest, screening: int) -> HttpResponse:
    """Send the chosen solutions' key areas on to the network's workshop planner (sending again
    replaces the choice), or, with ``withdraw``, take them off it."""
    found = _manage(request, screening)
    if "withdraw" in request.POST:
        if withdraw_from_planner(screening=found, by=signed_in_user(request)):
            messages.success(request, _("The solutions are no longer on the workshop planner."))
        return _back(found)
    form = PlannerForm(request.POST, solutions=list(found.solutions.all()))
    if not form.is_valid():
        messages.error(request, _("Choose at least one solution to send to the planner."))
        return _back(found)
    try:
        send_to_planner(screening=found, chosen=form.solutions(), by=signed_in_user(request))
    except InvalidScreeningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The key areas of the chosen solutions are on the secretariat's workshop planner."),
        )
    return _back(found)


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest, network: str) -> HttpResponse:
    """The network's criteria: weights and directions on the page, or a whole file."""
    place = network_with_slug(network)
    allowed = place is not None and permissions.can_edit_screening_criteria(request.user, place)
    permissions.authorize_network(request.user, allowed=allowed)
    assert place is not None
    current = network_criteria(place)
    weights = CriteriaWeightsForm(
        request.POST if "weights" in request.POST else None, criteria=current
    )
    upload = CriteriaUploadForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    if request.method == "POST":
        done = _save_criteria(request, place, weights, upload)
        if done:
            return redirect("screening:criteria", place.slug)
    context = {
        "network": place,
        "criteria": current,
        "own": has_own_criteria(place),
        "weights_form": weights,
        "upload_form": upload,
        "rows": [(c, weights[f"weight-{c.id}"], weights[f"direction-{c.id}"]) for c in current],
    }
    status = 400 if weights.errors or upload.errors else 200
    return render(request, "screening/criteria.html", context, status=status)


def _save_criteria(
    request: HttpRequest, place: Network, weights: CriteriaWeightsForm, upload: CriteriaUploadForm
) -> bool:
    by = signed_in_user(request)
    try:
        if "weights" in request.POST and weights.is_valid():
            reweigh_network_criteria(
                network=place, weights=weights.weights(), directions=weights.directions(), by=by
            )
        elif "upload" in request.POST and upload.is_valid():
            replace_network_criteria(
                network=place, criteria=read_upload(upload.cleaned_data["file"]), by=by
            )
        else:
            return False
    except (InvalidCriteriaError, UnreadableCriteria) as exc:
        target = upload if "upload" in request.POST else weights
        target.add_error(None, str(exc))
        return False
    messages.success(request, _("The network's screening criteria are saved."))
    return True


@login_required
@require_GET
def criteria_file_download(request: HttpRequest, network: str) -> HttpResponse:
    """The network's criteria as a file in the command line's format, to edit and load back."""
    place = network_with_slug(network)
    allowed = place is not None and permissions.can_edit_screening_criteria(request.user, place)
    permissions.authorize_network(request.user, allowed=allowed)
    assert place is not None
    made = ExportFile(
        f"{place.slug}-screening-criteria.csv", CSV, criteria_file(network_criteria(place))
    )
    return download(made)

"""Pages of the assessment workflow: the coordinator's round, the respondent's indicators.

Every view checks access once, with :func:`stocktake_web.permissions.authorize`, and changes
state only through the domain functions. Autosave requests (``request.htmx``) get a small status
fragment back instead of a page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from stocktake.frameworks import Framework, Indicator
from stocktake_web import permissions
from stocktake_web.accounts.models import User
from stocktake_web.assessments import domain
from stocktake_web.assessments.domain.answers import check_editable
from stocktake_web.assessments.domain.completion import department_progress
from stocktake_web.assessments.interfaces.coordination import assignment_grid, disagreements
from stocktake_web.assessments.interfaces.forms import (
    AnswerForm,
    OpenRoundForm,
    ReconciliationForm,
)
from stocktake_web.assessments.interfaces.indicators import answer_choices, unit_of, value_label
from stocktake_web.assessments.models import (
    Answer,
    AnswerRevision,
    Assignment,
    Conflict,
    Round,
)
from stocktake_web.network.models import City, Department


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: ``request.htmx`` says whether the page's
    script (autosave) sent it."""

    htmx: HtmxDetails


def _user(request: HttpRequest) -> User:
    """The signed-in person; every view here is behind ``login_required``."""
    return cast(User, request.user)


def _round(round_id: int) -> Round:
    return get_object_or_404(Round.objects.with_framework().select_related("sign_off"), pk=round_id)


def _department(round: Round, slug: str) -> Department:
    return get_object_or_404(Department, city_id=round.city_id, slug=slug)


def _answer(answer_id: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related(
            "assignment__round__city", "assignment__round__framework", "assignment__department"
        ).defer("assignment__round__framework__definition"),
        pk=answer_id,
    )


# -- the coordinator ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def open_round(request: HttpRequest, city: str) -> HttpResponse:
    place = get_object_or_404(City, slug=city)
    permissions.authorize(
        request.user, city=place, allowed=permissions.can_open_round(request.user, place)
    )
    today = timezone.localdate()
    form = OpenRoundForm(
        request.POST or None,
        initial={"name": str(today.year), "deadline": today + datetime.timedelta(days=42)},
    )
    if request.method == "POST" and form.is_valid():
        opened = domain.open_round(
            city=place,
            framework=form.cleaned_data["framework"],
            name=form.cleaned_data["name"],
            deadline=form.cleaned_data["deadline"],
            opened_by=_user(request),
        )
        if form.cleaned_data["assign_suggested"]:
            domain.assign_indicators(round=opened, by=_user(request))
        messages.success(request, _("The round is open. Check the assignments below."))
        return redirect("assessments:round", round_id=opened.pk)
    return render(request, "assessments/open_round.html", {"city": place, "form": form})


@login_required
@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """The coordinator's page: progress, assignments, disagreements, reconciliation, sign-off."""
    current = _round(round_id)
    permissions.authorize(
        request.user, city=current.city, allowed=permissions.can_view_round(request.user, current)
    )
    framework = current.framework.load()
    departments = list(current.city.departments.all())
    results = domain.compute_results(current)
    return render(
        request,
        "assessments/round.html",
        {
            "round": current,
            "city": current.city,
            "framework": framework,
            "coordinator": permissions.is_round_coordinator(request.user, current),
            "progress": department_progress(current, today=timezone.localdate()),
            "grid": assignment_grid(current, framework, departments) if current.is_open else [],
            "departments": departments,
            "disagreements": disagreements(current, results),
            "outstanding": results.consolidation.needs_reconciliation,
            "alpha": results.consolidation.alpha,
        },
    )


def _coordinator_action(request: HttpRequest, round_id: int) -> Round:
    current = _round(round_id)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.is_round_coordinator(request.user, current),
    )
    return current


@login_required
@require_POST
def assign(request: HttpRequest, round_id: int) -> HttpResponse:
    """Apply the assignment grid: tick to assign, untick to take back (unanswered only)."""
    current = _coordinator_action(request, round_id)
    try:
        if "suggested" in request.POST:
            created = domain.assign_indicators(round=current, by=_user(request))
            removed = 0
        else:
            created, removed = _apply_grid(request, current)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(added)s assignments added, %(removed)s taken back.")
            % {"added": len(created), "removed": removed},
        )
    return redirect(reverse("assessments:round", args=[current.pk]) + "#assignments")


def _apply_grid(request: HttpRequest, current: Round) -> tuple[list[Assignment], int]:
    departments = {dept.slug: dept for dept in current.city.departments.all()}
    wanted = set()
    for item in request.POST.getlist("assign"):
        indicator, _sep, slug = item.partition(":")
        if slug in departments:
            wanted.add((indicator, departments[slug]))
    by_pk = {dept.pk: dept for dept in departments.values()}
    existing = {
        (indicator, by_pk[dept_id])
        for indicator, dept_id in current.assignments.values_list("indicator", "department_id")
    }
    created = domain.assign_indicators(
        round=current,
        by=_user(request),
        pairs=sorted(wanted - existing, key=_pair_key),
    )
    removed = domain.unassign_indicators(round=current, pairs=existing - wanted)
    return created, removed


def _pair_key(pair: tuple[str, Department]) -> tuple[str, str]:
    return pair[0], pair[1].slug


@login_required
@require_POST
def close_answering(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        domain.start_reconciliation(round=current)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Answering is closed; reconcile the disagreements."))
    return redirect("assessments:round", round_id=current.pk)


@login_required
@require_POST
def reconcile(request: HttpRequest, round_id: int, indicator: str) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        target = current.framework.load().indicator(indicator)
    except KeyError:
        raise Http404 from None
    form = ReconciliationForm(request.POST, indicator=target, prefix=f"r-{indicator}")
    if not form.is_valid():
        messages.error(request, _("Choose the reconciled answer and give a reason."))
    else:
        try:
            domain.reconcile(
                round=current,
                indicator=indicator,
                value=str(form.cleaned_data["value"]),
                reason=form.cleaned_data["reason"],
                by=_user(request),
            )
        except domain.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(indicator)s is reconciled.") % {"indicator": indicator})
    return redirect(reverse("assessments:round", args=[current.pk]) + f"#d-{indicator}")


@login_required
@require_POST
def sign_off(request: HttpRequest, round_id: int) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        domain.sign_off(round=current, by=_user(request))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:round", round_id=current.pk)
    messages.success(request, _("The round is signed off; its results are stored."))
    return redirect(reverse("dashboards:city", args=[current.city.slug]) + f"?round={current.pk}")


@login_required
@require_POST
def reopen_department(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        domain.reopen_department(round=current, department=_department(current, department))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:round", round_id=current.pk)


# -- the respondent -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentItem:
    """One line of a department's list: the indicator and where its answer stands."""

    indicator: Indicator
    group: dict[str, str]
    answer: Answer
    label: str
    conflict: bool


@login_required
@require_GET
def department_page(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    """A department's indicators in the round, with what is answered and what is left."""
    current = _round(round_id)
    unit = _department(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_department_answers(request.user, current, unit),
    )
    framework = current.framework.load()
    answers = {
        row.assignment.indicator: row
        for row in Answer.objects.filter(
            assignment__round=current, assignment__department=unit
        ).select_related("assignment")
    }
    open_conflicts = set(
        Conflict.objects.filter(
            answer__in=answers.values(), resolution=Conflict.Resolution.OPEN
        ).values_list("answer_id", flat=True)
    )
    items = [
        DepartmentItem(
            indicator=indicator,
            group=framework.group_path(indicator.id)[0].title,
            answer=answers[indicator.id],
            label=value_label(indicator, answers[indicator.id].value),
            conflict=answers[indicator.id].pk in open_conflicts,
        )
        for indicator in framework.indicators()
        if indicator.id in answers
    ]
    answered = sum(1 for item in items if item.answer.is_answered)
    submission = current.submissions.filter(department=unit).first()
    return render(
        request,
        "assessments/department.html",
        {
            "round": current,
            "city": current.city,
            "department": unit,
            "items": items,
            "answered": answered,
            "submission": submission,
            "respondent": permissions.can_submit_department(request.user, current, unit),
            "coordinator": permissions.is_round_coordinator(request.user, current),
            "overdue": current.is_overdue(timezone.localdate()) and submission is None,
        },
    )


@login_required
@require_POST
def submit_department(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    current = _round(round_id)
    unit = _department(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_submit_department(request.user, current, unit),
    )
    try:
        domain.submit_department(round=current, department=unit, by=_user(request))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your department's answers are submitted. Thank you."))
    return redirect("assessments:department", round_id=current.pk, department=unit.slug)


@login_required
@require_http_methods(["GET", "POST"])
def answer_page(request: HtmxHttpRequest, answer_id: int) -> HttpResponse:
    """One indicator: its levels, the department's answer, history and any conflict.

    POST saves (the autosave sends ``HX-Request`` and gets the status fragment back).
    """
    answer = _answer(answer_id)
    user = request.user
    allowed = (
        permissions.is_assigned_respondent(user, answer)
        if request.method == "POST"
        else permissions.can_view_answer(user, answer)
    )
    permissions.authorize(user, city=answer.assignment.round.city, allowed=allowed)
    framework = answer.assignment.round.framework.load()
    indicator = framework.indicator(answer.assignment.indicator)
    if request.method == "POST":
        return _save(request, answer, framework, indicator)
    form = AnswerForm(
        initial=AnswerForm.initial_for(answer), framework=framework, indicator=indicator
    )
    return render(request, "assessments/answer.html", _answer_context(request, answer, form))


def _save(
    request: HtmxHttpRequest, answer: Answer, framework: Framework, indicator: Indicator
) -> HttpResponse:
    form = AnswerForm(request.POST, request.FILES, framework=framework, indicator=indicator)
    outcome: domain.SaveOutcome | None = None
    error = ""
    status = 200
    if form.is_valid():
        try:
            outcome = domain.save_answer(
                answer=answer,
                user=_user(request),
                base_version=form.cleaned_data["base_version"],
                content=form.content(),
            )
        except domain.WorkflowError as exc:
            error, status = str(exc), 409
        else:
            status = 200 if outcome.saved else 409
    else:
        status = 422
    if request.htmx:
        return _status_fragment(request, answer, form, outcome, error, status)
    if outcome is not None and outcome.saved:
        messages.success(request, _("Saved."))
        return redirect("assessments:answer", answer_id=answer.pk)
    if outcome is not None and outcome.conflict is not None:
        messages.warning(
            request, _("Someone else saved this answer first; both versions are kept.")
        )
        return redirect("assessments:answer", answer_id=answer.pk)
    if error:
        messages.error(request, error)
        return redirect("assessments:answer", answer_id=answer.pk)
    context = _answer_context(request, answer, form)
    return render(request, "assessments/answer.html", context, status=status)


def _status_fragment(
    request: HttpRequest,
    answer: Answer,
    form: AnswerForm,
    outcome: domain.SaveOutcome | None,
    error: str,
    status: int,
) -> HttpResponse:
    current = outcome.answer if outcome is not None else answer
    context = {
        "answer": current,
        "form": form,
        "outcome": outcome,
        "error": error,
        "progress": _department_counts(current),
        "conflict": outcome.conflict if outcome is not None else None,
        "indicator": form.indicator,
    }
    response = render(request, "assessments/_save_status.html", context, status=status)
    response["X-Answer-Version"] = str(current.version)
    if outcome is not None and outcome.conflict is not None:
        response["X-Answer-Conflict"] = str(outcome.conflict.pk)
    return response


def _department_counts(answer: Answer) -> tuple[int, int]:
    """(answered, assigned) for the answer's department in its round."""
    rows = Answer.objects.filter(
        assignment__round_id=answer.assignment.round_id,
        assignment__department_id=answer.assignment.department_id,
    ).values_list("value", flat=True)
    values = list(rows)
    return sum(1 for value in values if value.strip()), len(values)


def _answer_context(request: HttpRequest, answer: Answer, form: AnswerForm) -> dict[str, object]:
    assignment = answer.assignment
    framework = form.framework
    indicator = form.indicator
    siblings = list(
        Answer.objects.filter(
            assignment__round_id=assignment.round_id,
            assignment__department_id=assignment.department_id,
        ).values_list("pk", "assignment__indicator", "value")
    )
    order = {ind.id: n for n, ind in enumerate(framework.indicators())}
    siblings.sort(key=lambda row: order.get(row[1], len(order)))
    position = [row[0] for row in siblings].index(answer.pk)
    answered = sum(1 for row in siblings if row[2].strip())
    conflicts = list(
        answer.conflicts.filter(resolution=Conflict.Resolution.OPEN).select_related("raised_by")
    )
    return {
        "answer": answer,
        "round": assignment.round,
        "city": assignment.round.city,
        "department": assignment.department,
        "indicator": indicator,
        "groups": framework.group_path(indicator.id),
        "choices": answer_choices(indicator),
        "unit": unit_of(indicator),
        "form": form,
        "editable": _editable(request, answer),
        "history": answer.revisions.select_related("changed_by")[:50],
        "conflicts": [_conflict_view(conflict, indicator) for conflict in conflicts],
        "progress": (answered, len(siblings)),
        "previous": siblings[position - 1][0] if position > 0 else None,
        "next": siblings[position + 1][0] if position + 1 < len(siblings) else None,
        "position": position + 1,
    }


def _editable(request: HttpRequest, answer: Answer) -> bool:
    if not permissions.is_assigned_respondent(request.user, answer):
        return False
    try:
        check_editable(answer)
    except domain.WorkflowError:
        return False
    return True


def _conflict_view(conflict: Conflict, indicator: Indicator) -> dict[str, object]:
    fields = [
        (name, label, conflict.stored.get(name), conflict.proposed.get(name))
        for name, label in AnswerRevision.Field.choices
    ]
    return {
        "conflict": conflict,
        "rows": [
            {
                "label": label,
                "stored": _shown(indicator, name, stored),
                "proposed": _shown(indicator, name, proposed),
                "differs": stored != proposed,
            }
            for name, label, stored, proposed in fields
        ],
    }


def _shown(indicator: Indicator, name: str, value: object) -> str:
    if name == "value":
        return value_label(indicator, str(value or ""))
    if isinstance(value, list):
        return ", ".join(value)
    return str(value or "")


@login_required
@require_POST
def resolve_conflict(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = get_object_or_404(Conflict, pk=conflict_id)
    answer = _answer(conflict.answer_id)
    permissions.authorize(
        request.user,
        city=answer.assignment.round.city,
        allowed=permissions.is_assigned_respondent(request.user, answer),
    )
    keep = request.POST.get("keep", "")
    if keep not in (Conflict.Resolution.MINE, Conflict.Resolution.THEIRS) or not conflict.is_open:
        messages.error(request, _("This conflict is already settled."))
        return redirect("assessments:answer", answer_id=answer.pk)
    try:
        domain.resolve_conflict(conflict=conflict, by=_user(request), keep=keep)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The conflict is settled."))
    return redirect("assessments:answer", answer_id=answer.pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, answer_id: int) -> FileResponse:
    answer = _answer(answer_id)
    permissions.authorize(
        request.user,
        city=answer.assignment.round.city,
        allowed=permissions.can_view_answer(request.user, answer),
    )
    if not answer.file:
        raise Http404
    return FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=answer.file_name,
        content_type=answer.file_type or "application/octet-stream",
    )

"""The respondent's pages and actions: a department's indicators, answering, submitting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake.frameworks import Framework, Indicator
from stocktake_web import permissions
from stocktake_web.assessments import domain
from stocktake_web.assessments.domain.answers import check_editable
from stocktake_web.assessments.domain.departments import (
    answers_in_open_conflict,
    department_answers,
    department_completion,
    department_submission,
    sibling_answers,
)
from stocktake_web.assessments.domain.evidence import too_large
from stocktake_web.assessments.domain.history import changes_page, latest_changes, open_conflicts
from stocktake_web.assessments.interfaces.downloads import stored_file
from stocktake_web.assessments.interfaces.forms import AnswerForm
from stocktake_web.assessments.interfaces.indicators import (
    answer_choices,
    band_rows,
    shown_field,
    unit_of,
    value_label,
)
from stocktake_web.assessments.interfaces.uploads import refused_uploads, uploaded_names
from stocktake_web.assessments.models import (
    Answer,
    AnswerRevision,
    Conflict,
)
from stocktake_web.assessments.views.lookups import (
    HtmxHttpRequest,
    answer_or_404,
    conflict_or_404,
    department_or_404,
    round_or_404,
    signed_in_user,
)

LATEST_CHANGES = 10
"""Changes the indicator page lists under the form; the history page lists them all."""

CHANGES_PER_PAGE = 50


@dataclass(frozen=True)
class DepartmentItem:
    """One line of a department's list: the indicator and where its answer stands."""

    indicator: Indicator
    group: dict[str, str]
    answer: Answer
    label: str
    conflict: bool


@dataclass(frozen=True)
class ChangeRow:
    """One line of an answer's history as a person reads it: codes shown by their labels."""

    version: int
    field: str
    old: str
    new: str
    who: str
    when: datetime.datetime


def change_rows(
    framework: Framework,
    indicator: Indicator,
    changes: Iterable[AnswerRevision],
    *,
    sources: bool = False,
) -> list[ChangeRow]:
    """``sources``: say which changes an imported file made (the history page, whose changes
    are read with their imports); the indicator page's latest changes name the person only."""
    return [
        ChangeRow(
            version=change.version,
            field=change.get_field_display(),
            old=shown_field(framework, indicator, change.field, change.old),
            new=shown_field(framework, indicator, change.field, change.new),
            who=_who(change) if sources else _person(change),
            when=change.changed_at,
        )
        for change in changes
    ]


def _person(change: AnswerRevision) -> str:
    return change.changed_by.get_username() if change.changed_by else ""


def _who(change: AnswerRevision) -> str:
    """The person, or "import of FILE by PERSON" for a change an imported file made."""
    person = _person(change)
    # read with the changes (history.IMPORTS); the relation is the exchange app's AnswerImport
    for done in change.imports.all():
        by = done.imported_by.get_username() if done.imported_by else person
        return _("import of %(file)s by %(user)s") % {"file": done.file_name, "user": by}
    return person


@login_required
@require_GET
def department_page(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    """A department's indicators in the round, with what is answered and what is left."""
    current = round_or_404(round_id)
    unit = department_or_404(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_department_answers(request.user, current, unit),
    )
    framework = current.framework.load()
    answers = department_answers(current, unit)
    conflicted = answers_in_open_conflict(answers.values())
    items = [
        DepartmentItem(
            indicator=indicator,
            group=framework.group_path(indicator.id)[0].title,
            answer=answers[indicator.id],
            label=value_label(indicator, answers[indicator.id].value),
            conflict=answers[indicator.id].pk in conflicted,
        )
        for indicator in framework.indicators()
        if indicator.id in answers
    ]
    answered = sum(1 for item in items if item.answer.is_answered)
    submission = department_submission(current, unit)
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
    current = round_or_404(round_id)
    unit = department_or_404(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_submit_department(request.user, current, unit),
    )
    try:
        domain.submit_department(round=current, department=unit, by=signed_in_user(request))
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
    answer = answer_or_404(answer_id)
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
    form = AnswerForm(
        request.POST,
        request.FILES,
        framework=framework,
        indicator=indicator,
        uploaded_names=uploaded_names(request),
    )
    for name in refused_uploads(request):
        form.add_error("file", too_large(name))
    outcome: domain.SaveOutcome | None = None
    error = ""
    status = 200
    if form.is_valid():
        try:
            outcome = domain.save_answer(
                answer=answer,
                user=signed_in_user(request),
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
        "progress": department_completion(current),
        "conflict": outcome.conflict if outcome is not None else None,
        "indicator": form.indicator,
    }
    response = render(request, "assessments/_save_status.html", context, status=status)
    response["X-Answer-Version"] = str(current.version)
    if outcome is not None and outcome.conflict is not None:
        response["X-Answer-Conflict"] = str(outcome.conflict.pk)
    return response


def _answer_context(request: HttpRequest, answer: Answer, form: AnswerForm) -> dict[str, object]:
    assignment = answer.assignment
    framework = form.framework
    indicator = form.indicator
    siblings = sibling_answers(answer)
    order = {ind.id: n for n, ind in enumerate(framework.indicators())}
    siblings.sort(key=lambda row: order.get(row[1], len(order)))
    position = [row[0] for row in siblings].index(answer.pk)
    answered = sum(1 for row in siblings if row[2].strip())
    conflicts = open_conflicts(answer)
    return {
        "answer": answer,
        "round": assignment.round,
        "city": assignment.round.city,
        "department": assignment.department,
        "indicator": indicator,
        "groups": framework.group_path(indicator.id),
        "choices": answer_choices(indicator),
        "unit": unit_of(indicator),
        "bands": band_rows(indicator),
        "form": form,
        "editable": _editable(request, answer),
        "max_upload_bytes": settings.STOCKTAKE_EVIDENCE_MAX_BYTES,
        "history": _latest_changes(answer, framework, indicator),
        "conflicts": [_conflict_view(conflict, framework, indicator) for conflict in conflicts],
        "progress": (answered, len(siblings)),
        "previous": siblings[position - 1][0] if position > 0 else None,
        "next": siblings[position + 1][0] if position + 1 < len(siblings) else None,
        "position": position + 1,
    }


def _readable_answer(request: HttpRequest, answer_id: int) -> Answer:
    """The answer of that id, if the signed-in person may read it (else 404 or 403)."""
    answer = answer_or_404(answer_id)
    permissions.authorize(
        request.user,
        city=answer.assignment.round.city,
        allowed=permissions.can_view_answer(request.user, answer),
    )
    return answer


def _latest_changes(
    answer: Answer, framework: Framework, indicator: Indicator
) -> dict[str, object]:
    """The latest changes the indicator page shows, and whether there are older ones."""
    changes, more = latest_changes(answer, LATEST_CHANGES)
    return {"changes": change_rows(framework, indicator, changes), "more": more}


@login_required
@require_GET
def answer_history(request: HttpRequest, answer_id: int) -> HttpResponse:
    """Every change of one answer, newest first, a page at a time."""
    answer = _readable_answer(request, answer_id)
    framework = answer.assignment.round.framework.load()
    page = changes_page(answer, request.GET.get("page"), CHANGES_PER_PAGE)
    indicator = framework.indicator(answer.assignment.indicator)
    context = {
        "answer": answer,
        "round": answer.assignment.round,
        "city": answer.assignment.round.city,
        "department": answer.assignment.department,
        "indicator": indicator,
        "page": page,
        "changes": change_rows(framework, indicator, page.object_list, sources=True),
    }
    return render(request, "assessments/answer_history.html", context)


def _editable(request: HttpRequest, answer: Answer) -> bool:
    if not permissions.is_assigned_respondent(request.user, answer):
        return False
    try:
        check_editable(answer)
    except domain.WorkflowError:
        return False
    return True


def _conflict_view(
    conflict: Conflict, framework: Framework, indicator: Indicator
) -> dict[str, object]:
    fields = [
        (name, label, conflict.stored.get(name), conflict.proposed.get(name))
        for name, label in AnswerRevision.Field.choices
    ]
    return {
        "conflict": conflict,
        "rows": [
            {
                "label": label,
                "stored": _shown(framework, indicator, name, stored),
                "proposed": _shown(framework, indicator, name, proposed),
                "differs": stored != proposed,
            }
            for name, label, stored, proposed in fields
        ],
    }


def _shown(framework: Framework, indicator: Indicator, name: str, value: object) -> str:
    """A field of a conflict's snapshot (support as a list of kinds) as a person reads it."""
    text = "; ".join(value) if isinstance(value, list) else str(value or "")
    return shown_field(framework, indicator, name, text)


@login_required
@require_POST
def resolve_conflict(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = conflict_or_404(conflict_id)
    answer = answer_or_404(conflict.answer_id)
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
        outcome = domain.resolve_conflict(conflict=conflict, by=signed_in_user(request), keep=keep)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        if outcome.conflict is not None:
            messages.warning(
                request,
                _(
                    "The answer was saved again after these versions were compared, so the "
                    "version not saved is compared with the newest one below; choose again."
                ),
            )
        else:
            messages.success(request, _("The conflict is settled."))
    return redirect("assessments:answer", answer_id=answer.pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, answer_id: int) -> FileResponse:
    return stored_file(_readable_answer(request, answer_id))

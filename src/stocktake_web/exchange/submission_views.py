"""Importing an export of KoboToolbox or ODK submissions into a round (its coordinator's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from stocktake_web import permissions
from stocktake_web.assessments.domain.errors import WorkflowError
from stocktake_web.assessments.views.lookups import department_or_404, round_or_404
from stocktake_web.exchange.domain.submissions import (
    SubmissionImport,
    SubmissionImportError,
    departments_of_round_city,
    import_submissions,
)
from stocktake_web.exchange.interfaces.submissions import SubmissionImportForm


@login_required
@require_http_methods(["GET", "POST"])
def import_round_submissions(request: HttpRequest, round_id: int) -> HttpResponse:
    """Upload an export; all of it is imported, or none of it and every bad row is listed."""
    current = round_or_404(round_id)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.is_round_coordinator(request.user, current),
    )
    departments = departments_of_round_city(current)
    form = SubmissionImportForm(
        request.POST or None, request.FILES or None, departments=departments
    )
    result: SubmissionImport | None = None
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data["department"]
        try:
            result = import_submissions(
                round=current,
                user=request.user,  # type: ignore[arg-type]
                upload=form.cleaned_data["file"],
                filename=form.cleaned_data["file"].name,
                department=department_or_404(current, slug) if slug else None,
                department_column=form.cleaned_data["department_column"].strip(),
            )
        except SubmissionImportError as error:
            form.add_error(None, str(error))
            problems = error.problems
            status = 400
        except WorkflowError as error:
            form.add_error(None, str(error))
            status = 409
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "exchange/import_submissions.html",
        {
            "round": current,
            "city": current.city,
            "form": form,
            "result": result,
            "problems": problems,
        },
        status=status,
    )

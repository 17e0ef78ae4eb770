"""Offline questionnaires: downloading a department's workbook and handing it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from stocktake_web import permissions
from stocktake_web.assessments.models import Round
from stocktake_web.assessments.views.lookups import department_or_404, round_or_404, signed_in_user
from stocktake_web.audit.domain.events import record_export
from stocktake_web.dashboards.interfaces.exports import download
from stocktake_web.exchange.domain.imports import ImportOutcome, import_questionnaire
from stocktake_web.exchange.interfaces.files import form_layout_file, questionnaire_file
from stocktake_web.languages import current_language
from stocktake_web.network.models import Department


def _authorize(request: HttpRequest, round_id: int, department: str) -> tuple[Round, Department]:
    """The round's coordinator and the department's respondents: those who may hand it back."""
    current = round_or_404(round_id)
    unit = department_or_404(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_submit_department(request.user, current, unit)
        or permissions.is_round_coordinator(request.user, current),
    )
    return current, unit


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_page(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    """Download links and the upload form; an upload lists every problem or saves every row."""
    current, unit = _authorize(request, round_id, department)
    outcome = None
    if request.method == "POST":
        upload = request.FILES.get("questionnaire")
        if upload is None:
            outcome = ImportOutcome(problems=[_("Choose the filled-in questionnaire to upload.")])
        else:
            outcome = import_questionnaire(
                round=current, department=unit, user=signed_in_user(request), upload=upload
            )
        if not outcome.problems:
            messages.success(request, _imported_message(outcome))
            return redirect("exchange:questionnaire_page", current.pk, unit.slug)
    return render(
        request,
        "exchange/questionnaire.html",
        {"round": current, "city": current.city, "department": unit, "outcome": outcome},
        status=400 if outcome else 200,
    )


def _imported_message(outcome: ImportOutcome) -> str:
    text = ngettext("%(count)s answer changed.", "%(count)s answers changed.", outcome.saved) % {
        "count": outcome.saved
    }
    if outcome.conflicts:
        text += " " + ngettext(
            "%(count)s row was changed on the web since the download: it waits as a conflict.",
            "%(count)s rows were changed on the web since the download: they wait as conflicts.",
            outcome.conflicts,
        ) % {"count": outcome.conflicts}
    return text


@login_required
@require_GET
def download_questionnaire(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    """The department's questionnaire as XLSX, blank or (``?filled=1``) with its answers.

    Its coordinator and the department's respondents may download it: they are the ones who
    may hand it back. Texts are in the interface's language.
    """
    current, unit = _authorize(request, round_id, department)
    made = questionnaire_file(
        round=current,
        department=unit,
        lang=current_language(),
        filled=request.GET.get("filled") == "1",
    )
    return download(made)


@login_required
@require_GET
def form_layout_export(request: HttpRequest, round_id: int, kind: str) -> HttpResponse:
    """The round's answers as KoboToolbox and ODK users know them (``?labels=1`` for labels),
    for whoever may see the round's results; CSV or XLSX."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    current = round_or_404(round_id)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_results(request.user, current.city),
    )
    labels = request.GET.get("labels") == "1"
    made = form_layout_file(round=current, kind=kind, labels=labels, lang=current_language())
    shown = "labels" if labels else "codes"
    record_export(round=current, by=request.user, export=f"answers-by-department-{shown}.{kind}")
    return download(made)

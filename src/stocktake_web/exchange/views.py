"""Offline questionnaires: downloading a department's workbook."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stocktake.io.questionnaire import write_questionnaire
from stocktake_web import permissions
from stocktake_web.assessments.views.lookups import department_or_404, round_or_404
from stocktake_web.exchange.domain.questionnaires import department_questionnaire
from stocktake_web.languages import current_language

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def download_questionnaire(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    """The department's questionnaire as XLSX, blank or (``?filled=1``) with its answers.

    Its coordinator and the department's respondents may download it: they are the ones who
    may hand it back. Texts are in the interface's language.
    """
    current = round_or_404(round_id)
    unit = department_or_404(current, department)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_submit_department(request.user, current, unit)
        or permissions.is_round_coordinator(request.user, current),
    )
    filled = request.GET.get("filled") == "1"
    questionnaire = department_questionnaire(
        round=current, department=unit, lang=current_language(), filled=filled
    )
    workbook = BytesIO()
    write_questionnaire(questionnaire, workbook)
    response = HttpResponse(workbook.getvalue(), content_type=XLSX_TYPE)
    name = f"{current.city.slug}-{current.pk}-{unit.slug}-questionnaire.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

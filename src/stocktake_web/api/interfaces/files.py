"""The API's files: what the pages hand out and take back, for scripts.

A city report (PDF or HTML), a framework as an XLSForm, the round's answers in the KoboToolbox
and ODK layout, a department's offline questionnaire, and the two uploads: a filled
questionnaire and an export of KoboToolbox or ODK submissions. Each is the same file, checked
by the same permission and written through the same domain function as on the pages, so a
script and a person get the same result; uploads are all-or-nothing there too.

File answers are described in the OpenAPI document by their media type (a binary string), so
a client generated from it saves them as files.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from stocktake.io.spreadsheets import write_xlsx
from stocktake.io.xlsform import xlsform_sheets
from stocktake_web import permissions
from stocktake_web.accounts.models import User
from stocktake_web.api.domain import listings
from stocktake_web.api.interfaces import schemas
from stocktake_web.assessments.domain.errors import WorkflowError
from stocktake_web.assessments.domain.lookups import department_of_round, round_with_framework
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain import record_export
from stocktake_web.dashboards.interfaces.exports import ExportFile, download
from stocktake_web.exchange.domain.imports import import_questionnaire
from stocktake_web.exchange.domain.submissions import SubmissionImportError, import_submissions
from stocktake_web.exchange.interfaces.files import (
    XLSX_TYPE,
    form_layout_file,
    questionnaire_file,
)
from stocktake_web.languages import current_language
from stocktake_web.network.models import Department
from stocktake_web.reports.interfaces.city_report import report_file

router = Router(tags=["files"])
#: what any operation may answer besides its result (as the resources say it)
ERRORS: dict[int, Any] = {status: schemas.Detail for status in (401, 403, 404, 429)}


class Problems(Schema):
    """An upload that was refused: why, and each row's problem (sheet, row and column)."""

    detail: str
    problems: list[str]


class QuestionnaireImported(Schema):
    saved: int
    conflicts: int


class SubmissionsImported(Schema):
    imported: int
    already_imported: int
    answers_changed: int
    conflicts: int


def _binary(media_type: str, description: str) -> dict[str, Any]:
    """The OpenAPI description of a 200 answer that is a file of ``media_type``."""
    content = {media_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": description, "content": content}}}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _round(round_id: int) -> Round:
    if not 0 < round_id <= schemas.ID_MAX:
        raise Http404
    found = round_with_framework(round_id)
    if found is None:
        raise Http404
    return found


def _results_round(request: HttpRequest, round_id: int) -> Round:
    """The round, when the person may read its city's results (as for the dashboard's exports)."""
    found = _round(round_id)
    user = _user(request)
    allowed = permissions.can_view_results(user, found.city)
    permissions.authorize(user, city=found.city, allowed=allowed)
    return found


def _questionnaire_round(
    request: HttpRequest, round_id: int, slug: str
) -> tuple[Round, Department]:
    """The round and department, for its coordinator and the department's respondents: those
    who may hand the questionnaire back (as on the questionnaire page)."""
    found = _round(round_id)
    unit = _department(found, slug)
    user = _user(request)
    allowed = permissions.can_submit_department(
        user, found, unit
    ) or permissions.is_round_coordinator(user, found)
    permissions.authorize(user, city=found.city, allowed=allowed)
    return found, unit


def _department(found: Round, slug: str) -> Department:
    unit = department_of_round(found, slug[:100])
    if unit is None:
        raise Http404
    return unit


def _exported(request: HttpRequest, found: Round, made: ExportFile, export: str) -> HttpResponse:
    record_export(round=found, by=_user(request), export=export)
    return download(made)


# -- downloads ------------------------------------------------------------------------------------


@router.get(
    "/rounds/{round_id}/report.pdf",
    response={**ERRORS},
    openapi_extra=_binary("application/pdf", "The round's city report, in the request's language."),
)
def round_report_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    """The city report as on the round's page (Accept-Language chooses its language)."""
    found = _results_round(request, round_id)
    return _exported(request, found, report_file(found, kind="pdf"), "report.pdf")


@router.get(
    "/rounds/{round_id}/report.html",
    response={**ERRORS},
    openapi_extra=_binary("text/html", "The round's city report as a web page."),
)
def round_report_html(request: HttpRequest, round_id: int) -> HttpResponse:
    found = _results_round(request, round_id)
    return _exported(request, found, report_file(found, kind="html"), "report.html")


@router.get(
    "/rounds/{round_id}/answers-by-department.{kind}",
    response={**ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "A row per department and a column per question.",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in ("text/csv", XLSX_TYPE)
                },
            }
        }
    },
)
def answers_by_department(
    request: HttpRequest, round_id: int, kind: str, labels: bool = False
) -> HttpResponse:
    """The round's answers as KoboToolbox and ODK export them (``kind``: csv or xlsx),
    with the levels' codes or, with ``labels``, their labels."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    found = _results_round(request, round_id)
    made = form_layout_file(round=found, kind=kind, labels=labels, lang=current_language())
    shown = "labels" if labels else "codes"
    return _exported(request, found, made, f"answers-by-department-{shown}.{kind}")


@router.get(
    "/frameworks/{version_id}/xlsform.xlsx",
    response={**ERRORS},
    openapi_extra=_binary(XLSX_TYPE, "The framework version as an XLSForm workbook."),
)
def framework_xlsform(request: HttpRequest, version_id: int) -> HttpResponse:
    """The framework version as an XLSForm that KoboToolbox and ODK accept, every language of
    the framework in its own label column (as ``stocktake frameworks export`` writes it)."""
    wanted = 0 < version_id <= schemas.ID_MAX
    found = listings.framework_version(_user(request), version_id) if wanted else None
    if found is None:
        raise Http404
    workbook = _workbook(xlsform_sheets(found.load()))
    name = f"{found.framework_id}-{found.version}-xlsform.xlsx"
    return download(ExportFile(name=name, content_type=XLSX_TYPE, content=workbook))


def _workbook(sheets: Any) -> bytes:
    out = BytesIO()
    write_xlsx(out, sheets)
    return out.getvalue()


@router.get(
    "/rounds/{round_id}/departments/{slug}/questionnaire.xlsx",
    response={**ERRORS},
    openapi_extra=_binary(XLSX_TYPE, "The department's questionnaire, to fill in offline."),
)
def download_questionnaire(
    request: HttpRequest, round_id: int, slug: str, filled: bool = False
) -> HttpResponse:
    """The department's questionnaire, blank or (``filled``) with its current answers and the
    versions they were downloaded at, so a stale upload becomes a conflict."""
    found, unit = _questionnaire_round(request, round_id, slug)
    made = questionnaire_file(round=found, department=unit, lang=current_language(), filled=filled)
    return download(made)


# -- uploads --------------------------------------------------------------------------------------


@router.post(
    "/rounds/{round_id}/departments/{slug}/questionnaire",
    response={200: QuestionnaireImported, 400: Problems, **ERRORS},
)
def upload_questionnaire(
    request: HttpRequest, round_id: int, slug: str, file: File[UploadedFile]
) -> Any:
    """Hand back a filled questionnaire: every row is checked first, and either every answer
    is saved or none is and each problem is listed. The same file twice changes nothing; a row
    changed on the web since the download waits as a conflict."""
    found, unit = _questionnaire_round(request, round_id, slug)
    outcome = import_questionnaire(round=found, department=unit, user=_user(request), upload=file)
    if outcome.problems:
        detail = _("Nothing was saved: correct the rows listed and upload the file again.")
        return Status(400, {"detail": detail, "problems": outcome.problems})
    return Status(200, {"saved": outcome.saved, "conflicts": outcome.conflicts})


@router.post(
    "/rounds/{round_id}/submissions",
    response={200: SubmissionsImported, 400: Problems, 409: schemas.Detail, **ERRORS},
)
def upload_submissions(
    request: HttpRequest,
    round_id: int,
    file: File[UploadedFile],
    department: Form[str] = "",
    department_column: Form[str] = "",
) -> Any:
    """Import an export of KoboToolbox or ODK submissions (CSV or XLSX) as the round's
    coordinator: each submission answers for ``department`` (a slug), or for the department
    named in its ``department_column``. All or nothing; a submission imported before (by its
    ``_uuid``) is skipped."""
    found = _round(round_id)
    user = _user(request)
    permissions.authorize(
        user, city=found.city, allowed=permissions.is_round_coordinator(user, found)
    )
    unit = _department(found, department) if department.strip() else None
    try:
        result = import_submissions(
            round=found,
            user=user,
            upload=file,
            filename=file.name or "",
            department=unit,
            department_column=department_column.strip()[:100],
        )
    except SubmissionImportError as error:
        return Status(400, {"detail": str(error), "problems": error.problems})
    except WorkflowError as error:
        return Status(409, {"detail": str(error)})
    return Status(
        200,
        {
            "imported": result.imported,
            "already_imported": result.already_imported,
            "answers_changed": result.answers_changed,
            "conflicts": result.conflicts,
        },
    )

"""A round's city report, for those who may read the city's results.

Views find the round through the assessment domain and render it through ``interfaces``; they
run no query of their own.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stocktake_web import permissions
from stocktake_web.assessments.domain.lookups import round_with_framework
from stocktake_web.audit.domain import record_export
from stocktake_web.dashboards.interfaces.exports import download
from stocktake_web.reports.interfaces.city_report import report_file

KINDS = ("pdf", "html")


@login_required
@require_GET
def city_report(request: HttpRequest, round_id: int, kind: str) -> HttpResponse:
    """The report as a PDF download or an HTML page; either is recorded in the audit log."""
    if kind not in KINDS:
        raise Http404
    current = round_with_framework(round_id)
    if current is None:
        raise Http404
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.can_view_results(request.user, current.city),
    )
    made = report_file(current, kind=kind)
    record_export(round=current, by=request.user, export=f"report.{kind}")
    if kind == "html":
        # Read in the browser, under the site's security policy, and printed from there.
        return HttpResponse(made.content, content_type=made.content_type)
    return download(made)

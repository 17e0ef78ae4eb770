"""Starting background work, following it, and fetching what it made.

Views find what they show through the domain (``background.domain.lookups``) and run no query
of their own; a job's page takes back jobs whose worker died before it shows one.
"""

from __future__ import annotations

import datetime
import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from stocktake_web import permissions
from stocktake_web.assessments.views.lookups import HtmxHttpRequest, signed_in_user
from stocktake_web.audit.domain import record_export
from stocktake_web.background import domain
from stocktake_web.background import permissions as access
from stocktake_web.background.domain import lookups
from stocktake_web.background.kinds import JobKind, find_kind, job_kind, kind_title
from stocktake_web.background.models import Job

JOBS_LISTED = 20
WAITING_NOTICE_AFTER = datetime.timedelta(seconds=30)
"""A job still waiting this long suggests no worker is running: the page says so."""


def _kind_or_404(name: str, concerns: str) -> JobKind:
    try:
        kind = job_kind(name)
    except domain.UnknownJobKindError:
        raise Http404 from None
    if kind.concerns != concerns:
        raise Http404
    return kind


@login_required
@require_POST
def start_round_job(request: HttpRequest, round_id: int, kind: str) -> HttpResponse:
    chosen = _kind_or_404(kind, "round")
    current = lookups.round_to_work_on(round_id)
    if current is None:
        raise Http404
    permissions.authorize(
        request.user, city=current.city, allowed=access.can_start_on_round(request.user, current)
    )
    job = domain.start_job(kind=chosen, started_by=signed_in_user(request), round=current)
    return redirect("background:job", job_id=job.pk)


@login_required
@require_POST
def start_cohort_job(request: HttpRequest, cohort_id: int, kind: str) -> HttpResponse:
    chosen = _kind_or_404(kind, "cohort")
    group = lookups.cohort_to_work_on(cohort_id)
    if group is None:
        raise Http404
    permissions.authorize_network(
        request.user, allowed=access.can_start_on_cohort(request.user, group)
    )
    job = domain.start_job(kind=chosen, started_by=signed_in_user(request), cohort=group)
    return redirect("background:job", job_id=job.pk)


def _job_or_404(request: HttpRequest, job_id: int) -> Job:
    """The job when the signed-in person started it and may still see what it concerns; for
    anyone else it does not exist (not even a "forbidden" that would confirm it does)."""
    job = lookups.job_with_target(job_id)
    if job is None or not access.can_see_job(request.user, job):
        raise Http404
    return job


@login_required
@require_GET
def job_page(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    """The job's page, or (asked by the page's script) only its status, to follow progress."""
    job = _job_or_404(request, job_id)
    if job.is_active and domain.requeue_abandoned_jobs():
        job.refresh_from_db()
    context = {
        "job": job,
        "title": kind_title(job.kind),
        "waiting_long": job.status == Job.Status.QUEUED
        and timezone.now() - job.created_at > WAITING_NOTICE_AFTER,
    }
    if request.htmx:
        response = render(request, "background/_job_status.html", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "background/job.html", context)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = lookups.recent_jobs(signed_in_user(request), limit=JOBS_LISTED)
    rows = [(job, kind_title(job.kind)) for job in jobs]
    return render(request, "background/jobs.html", {"rows": rows})


@login_required
@require_GET
def download(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job_or_404(request, job_id)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    kind = find_kind(job.kind)
    if kind is not None and kind.audited_as and job.round is not None:
        record_export(round=job.round, by=request.user, export=kind.audited_as)
    content_type, _encoding = mimetypes.guess_type(job.result_name)
    if content_type is not None and content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=content_type or "application/octet-stream",
    )

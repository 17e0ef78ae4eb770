"""How a job's work tells the page how far it has got."""

from __future__ import annotations

import time

from django.utils import timezone

from stocktake_web.background.domain.errors import JobProgressError, JobSupersededError
from stocktake_web.background.models import Job

PROGRESS_WRITE_SECONDS = 0.5
"""Least time between two progress writes of one job: work may report every row it makes."""

MESSAGE_MAX_LENGTH = Job._meta.get_field("message").max_length or 300


def report_progress(*, job: Job, done: int, total: int, message: str = "") -> None:
    """Record that ``done`` of ``total`` steps are made, with a short message for the page.

    Writes at most every :data:`PROGRESS_WRITE_SECONDS`, except the last step, which is always
    written; each write also serves as a heartbeat. Raises :class:`JobSupersededError` when
    this run is no longer the job's current attempt, so that the work stops there.
    """
    if total < 0 or not 0 <= done <= total:
        raise JobProgressError(
            f"Progress must count between 0 and the total of {total} steps, not {done}."
        )
    job.done, job.total, job.message = done, total, message[:MESSAGE_MAX_LENGTH]
    now = time.monotonic()
    last: float | None = job.__dict__.get("_progress_written")
    if done < total and last is not None and now - last < PROGRESS_WRITE_SECONDS:
        return
    written = Job.objects.filter(pk=job.pk, attempt=job.attempt, status=Job.Status.RUNNING).update(
        done=job.done, total=job.total, message=job.message, heartbeat_at=timezone.now()
    )
    if not written:
        raise JobSupersededError(f"job {job.pk} attempt {job.attempt}")
    job.__dict__["_progress_written"] = now

"""The one task the worker runs for every job, and what keeps a job alive while it runs.

Each run is an *attempt* of its job. The run claims the job for its attempt, keeps a heartbeat
from a thread of its own, lets the kind's work write the file, and records the outcome, always
on the condition that the attempt is still the job's own: a run that was given up for dead
(:func:`~stocktake_web.background.domain.requeue_abandoned_jobs`) and comes back writes nothing.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from stocktake_web.background.domain.errors import JobFailedError, JobSupersededError
from stocktake_web.background.kinds import job_kind
from stocktake_web.background.models import Job, result_path

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
"""How often a running job says it is alive, whatever its work is doing."""


@task()
def run_job(job_id: int, attempt: int, kind_module: str) -> None:
    """Run attempt ``attempt`` of the job; ``kind_module`` defines the job's kind."""
    import_module(kind_module)
    job = _claim(job_id, attempt)
    if job is None:
        return
    kind = job_kind(job.kind)
    with translation.override(job.language), _heartbeat(job), tempfile.TemporaryFile() as out:
        try:
            name = kind.work(job, out)
            _finish(job, name, out)
        except JobSupersededError:
            logger.warning("Job %s: attempt %s was replaced by a newer one.", job.pk, attempt)
        except JobFailedError as refused:
            _fail(job, str(refused))
        except Exception:
            _fail(job, fault_sentence(job))
            raise
        except BaseException:
            # The worker is being stopped in the middle (a second Ctrl+C, a forced shutdown):
            # the job goes back to the queue for the next worker instead of dying with it.
            hand_back(job)
            raise


def fault_sentence(job: Job) -> str:
    return _(
        "The file could not be made because of an error on the server. The administrators "
        "can find what happened in the worker's log under job %(job)s."
    ) % {"job": job.pk}


def queue_attempt(job: Job) -> None:
    """Queue the run of ``job.attempt``, in the caller's transaction with the job's change."""
    queued = run_job.enqueue(job.pk, job.attempt, job_kind(job.kind).module)
    job.task_id = queued.id
    Job.objects.filter(pk=job.pk).update(task_id=queued.id)


def hand_back(job: Job) -> bool:
    """Queue the job again as a new attempt; False when this attempt was no longer current."""
    with transaction.atomic():
        taken = _current(job).update(
            status=Job.Status.QUEUED,
            attempt=job.attempt + 1,
            started_at=None,
            heartbeat_at=None,
            done=0,
            message="",
        )
        if taken:
            job.attempt += 1
            job.status = Job.Status.QUEUED
            queue_attempt(job)
    return bool(taken)


def _current(job: Job) -> QuerySet[Job]:
    """The job's row while ``job``'s attempt is still the current, unfinished one."""
    return Job.objects.filter(pk=job.pk, attempt=job.attempt, status__in=Job.ACTIVE)


def _claim(job_id: int, attempt: int) -> Job | None:
    """The job, marked running for this attempt; None when it is another attempt's now."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, attempt=attempt, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("Job %s: attempt %s is not queued any more; nothing to do.", job_id, attempt)
        return None
    return Job.objects.get(pk=job_id)


def _finish(job: Job, name: str, out: IO[bytes]) -> None:
    out.seek(0)
    stored = default_storage.save(result_path(job, name), File(out))
    total = max(job.total or 0, job.done, 1)
    finished = _current(job).update(
        status=Job.Status.DONE,
        result=stored,
        done=total,
        total=total,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not finished:
        default_storage.delete(stored)
        raise JobSupersededError(stored)


def _fail(job: Job, sentence: str) -> None:
    _current(job).update(status=Job.Status.FAILED, error=sentence, finished_at=timezone.now())


@contextmanager
def _heartbeat(job: Job) -> Iterator[None]:
    """Refresh the job's heartbeat every :data:`HEARTBEAT_SECONDS` while the block runs.

    From a thread, because one step of the work (saving a large workbook) may take longer
    than the time after which a silent job is given up for dead; the thread stops only when
    the process does, which is what the heartbeat is meant to tell.
    """
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(job.pk, job.attempt, stop), daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=HEARTBEAT_SECONDS)


def _beat(job_id: int, attempt: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(pk=job_id, attempt=attempt, status=Job.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
            except OperationalError:
                logger.warning("Job %s: the heartbeat could not be written this time.", job_id)
    finally:
        connection.close()

"""Starting background work, and taking back work whose worker died.

The database backend of Django's tasks framework marks a task running when a worker claims it
and never looks at it again: a worker killed in the middle (out of memory, a machine restart)
leaves its task "running" for ever. Jobs therefore keep a heartbeat, and a job silent for
:data:`ABANDONED_AFTER` is queued again for the next worker, up to :data:`MAX_ATTEMPTS` runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import Round
from stocktake_web.background.domain.errors import JobTargetError
from stocktake_web.background.kinds import JobKind
from stocktake_web.background.models import Job
from stocktake_web.background.tasks import HEARTBEAT_SECONDS, hand_back, queue_attempt
from stocktake_web.network.models import Cohort

ABANDONED_AFTER = datetime.timedelta(seconds=6 * HEARTBEAT_SECONDS)
"""A running job whose heartbeat is older than this has lost its worker."""

MAX_ATTEMPTS = 3
"""Runs of one job before it is given up: work that kills its worker each time must stop."""

LOST_WORKER = "stocktake_web.background.domain.errors.WorkerLostError"


def start_job(
    *,
    kind: JobKind,
    started_by: User,
    round: Round | None = None,
    cohort: Cohort | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Job:
    """Record a job about ``round`` or ``cohort`` and queue its first run.

    ``parameters`` (JSON) tell the work what to make, such as the size of peer groups.

    The job and its task are written in one transaction, so a worker never finds a task
    without its job. While the same person's job of the same kind on the same round or cohort
    is still waiting or running, starting it again returns that job (a second click). The
    job's texts (progress, errors, the file) are in the language active now.
    """
    _check_target(kind, round, cohort)
    requeue_abandoned_jobs()
    wanted = {"kind": kind.name, "started_by": started_by, "round": round, "cohort": cohort}
    try:
        with transaction.atomic():
            job = Job.objects.create(
                **wanted,
                language=get_language() or settings.LANGUAGE_CODE,
                parameters=dict(parameters or {}),
                attempt=1,
            )
            queue_attempt(job)
    except IntegrityError:
        return Job.objects.get(**wanted, status__in=Job.ACTIVE)
    return job


def _check_target(kind: JobKind, round: Round | None, cohort: Cohort | None) -> None:
    given = {"round": round is not None, "cohort": cohort is not None}
    if given[kind.concerns] and sum(given.values()) == 1:
        return
    raise JobTargetError(f"A job of kind {kind.name} is started on one {kind.concerns} only.")


def requeue_abandoned_jobs(*, now: datetime.datetime | None = None) -> int:
    """Queue again every unfinished job whose run has stopped; the number of jobs taken back.

    A run has stopped when its heartbeat is older than :data:`ABANDONED_AFTER`, when its
    worker claimed it that long ago and it never started, or when its task has ended without
    the job being finished. A job that has had :data:`MAX_ATTEMPTS` runs fails instead, with
    a sentence for the person who started it. Called when a job is started or looked at, and
    by ``manage.py requeue_abandoned_jobs``.
    """
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    ended = [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    stopped = Job.objects.filter(
        Q(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
        | Q(
            status=Job.Status.QUEUED,
            task__status=TaskResultStatus.RUNNING,
            task__started_at__lt=cutoff,
        )
        | Q(status__in=Job.ACTIVE, task__status__in=ended)
        | Q(status__in=Job.ACTIVE, task__isnull=True)
    ).select_related("task")
    return sum(_take_back(job) for job in stopped)


def _take_back(job: Job) -> bool:
    lost_task = job.task_id
    taken = _give_up(job) if job.attempt >= MAX_ATTEMPTS else hand_back(job)
    if taken and lost_task is not None:
        DBTaskResult.objects.filter(pk=lost_task, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=LOST_WORKER,
            traceback="The worker running this task stopped; its job was queued again.",
        )
    return taken


def _give_up(job: Job) -> bool:
    with translation.override(job.language):
        sentence = _(
            "The work stopped %(count)s times before it was done, each time because the worker "
            "running it stopped. Try again later; if it happens again, tell the administrators."
        ) % {"count": job.attempt}
    given_up = Job.objects.filter(pk=job.pk, attempt=job.attempt, status__in=Job.ACTIVE).update(
        status=Job.Status.FAILED, error=sentence, finished_at=timezone.now()
    )
    return bool(given_up)


def delete_finished_jobs(*, finished_before: datetime.datetime) -> int:
    """Delete the jobs that ended before ``finished_before``, with their files; how many.

    Their files are exports that can be made again, and kept for ever they would fill the
    media folder. Jobs still waiting or running are left alone, however old.
    """
    ended = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=finished_before
    )
    for name in ended.exclude(result="").values_list("result", flat=True):
        default_storage.delete(name)
    return ended.delete()[1].get(Job._meta.label, 0)

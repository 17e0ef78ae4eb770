"""Kinds of background job that exist for the tests, a way to run queued jobs in the test's
process, and the rules of registering kinds.

The worker process the tests start imports this module by the name the queued task carries
(``web.test_background_kinds``) to find these kinds, so it imports nothing of the test
fixtures: only Django, the background app and the standard library.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import IO

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from stocktake_web.background.domain import JobFailedError, report_progress
from stocktake_web.background.domain.errors import UnknownJobKindError
from stocktake_web.background.kinds import JobKind, job_kind, register_kind
from stocktake_web.background.models import Job


def run_queued_tasks() -> int:
    """Run every queued task in this process with the worker's own ``run_task``, in the test's
    transaction; how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-the-test",
        excluded_queue_names=[],
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


REFUSAL = "There is nothing to export yet: answer an indicator first."


def release_file(job: Job) -> Path:
    """The file whose appearance lets the waiting job finish. Named after the test database
    and the job's start too: parallel test processes may share the data directory, and job
    numbers start again at 1 in each test."""
    database = Path(str(connection.settings_dict["NAME"])).name
    started = job.created_at.strftime("%Y%m%d%H%M%S%f")
    return Path(settings.DATA_DIR) / f"release-{database}-job-{job.pk}-{started}"


def wait_for_release(job: Job, out: IO[bytes]) -> str:
    """Waits, silently but for its heartbeat, until the test releases it; records the attempt
    that finished."""
    report_progress(job=job, done=1, total=2, message="waiting to be released")
    while not release_file(job).exists():
        time.sleep(0.05)
    report_progress(job=job, done=2, total=2, message="released")
    out.write(f"finished by attempt {job.attempt}".encode())
    return "released.txt"


def refuse(job: Job, out: IO[bytes]) -> str:
    raise JobFailedError(REFUSAL)


def break_down(job: Job, out: IO[bytes]) -> str:
    raise RuntimeError("connection to /srv/internal/secret refused")


WAITING = register_kind(JobKind("test-waiting", "Waiting", "round", wait_for_release))
REFUSING = register_kind(JobKind("test-refusing", "Refusing", "round", refuse))
BREAKING = register_kind(JobKind("test-breaking", "Breaking", "round", break_down))


def test_a_kind_is_found_by_its_name() -> None:
    assert job_kind("test-waiting") is WAITING
    assert WAITING.module == __name__


def test_registering_the_same_kind_again_keeps_it() -> None:
    assert register_kind(WAITING) is WAITING


def test_two_different_kinds_cannot_share_a_name() -> None:
    with pytest.raises(ValueError, match="Two kinds of job are named 'test-waiting'"):
        register_kind(JobKind("test-waiting", "Other", "cohort", refuse))


def test_an_unknown_kind_is_refused_with_its_name() -> None:
    with pytest.raises(UnknownJobKindError, match="no kind of background work called nope"):
        job_kind("nope")

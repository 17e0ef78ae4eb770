"""Real worker processes (``manage.py db_worker``) on the test database: SQLite in a file, or
PostgreSQL with ``--postgres``.

The tests start workers, kill them in the middle of a job and start new ones, and check that
the job is finished by the next worker, with the file of the attempt that finished.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stocktake_web.background.domain import ABANDONED_AFTER, start_job
from stocktake_web.background.domain.jobs import LOST_WORKER
from stocktake_web.background.interfaces.exports import ROUND_ANSWERS_CSV
from stocktake_web.background.models import Job

from .conftest import Cast
from .test_background import result_bytes
from .test_background_kinds import WAITING, release_file

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
# A cold Django start on a busy two-core machine takes a few seconds; the heartbeat, ten.
PATIENCE = 60.0


def worker_database_url() -> str:
    """The test database as a ``DATABASE_URL`` the worker's settings read."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def wait(self) -> int:
        return self.process.wait(timeout=PATIENCE)

    def stop(self) -> None:
        """Stop the worker as ``make run`` does (SIGTERM), then for good if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def start_worker(transactional_db: None, tmp_path: Path) -> Iterator[Callable[[], WorkerProcess]]:
    """Starts ``manage.py db_worker`` processes on the test database; stops them afterwards.

    The worker finds the tests' own kinds of job (``web.test_background_kinds``) through
    ``PYTHONPATH``, as pytest does; the data directory, and so the stored files, is shared.
    """
    started: list[WorkerProcess] = []
    environment = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    }

    def start() -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0.1",
                    "--worker-id",
                    f"test-worker-{len(started)}",
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        worker = WorkerProcess(process, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_until(condition: Callable[[], bool], what: str, *workers: WorkerProcess) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(worker.output() for worker in workers)
            pytest.fail(f"gave up waiting until {what}; the workers said:\n{logs}")
        time.sleep(0.1)


def _job(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def test_a_worker_process_makes_the_file_the_page_offers(
    start_worker: Callable[[], WorkerProcess], cast: Cast, client: Client
) -> None:
    worker = start_worker()
    job = start_job(kind=ROUND_ANSWERS_CSV, started_by=cast.alice, round=cast.round)

    wait_until(lambda: _job(job).status == "done", "the export is done", worker)

    client.force_login(cast.alice)
    page = client.get(reverse("background:job", args=[job.pk])).content.decode()
    done = _job(job)
    assert reverse("background:download", args=[job.pk]) in page
    assert done.result_name == f"harbour-round-{cast.round.pk}-answers.csv"
    assert result_bytes(done).decode("utf-8-sig").startswith("indicator,value,city,department")
    assert (done.done, done.total) == (1, 1)


def test_a_job_whose_worker_is_killed_is_finished_by_the_next_worker(
    start_worker: Callable[[], WorkerProcess], cast: Cast, client: Client
) -> None:
    first = start_worker()
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    wait_until(lambda: _job(job).status == "running", "the first worker runs the job", first)
    claimed = _job(job)
    assert claimed.heartbeat_at is not None and claimed.task is not None
    # The work is silent while it waits: only the heartbeat thread keeps the job alive.
    wait_until(lambda: _job(job).heartbeat_at != claimed.heartbeat_at, "the job's heartbeat", first)

    first.signal(signal.SIGKILL)
    first.wait()
    Job.objects.filter(pk=job.pk).update(heartbeat_at=claimed.heartbeat_at - ABANDONED_AFTER)
    second = start_worker()
    client.force_login(cast.alice)
    client.get(reverse("background:job", args=[job.pk]))  # looking at it takes it back
    wait_until(lambda: _job(job).status == "running", "the second worker runs it", second)
    release_file(job).touch()
    wait_until(lambda: _job(job).status == "done", "the job is done", second)

    done = _job(job)
    assert done.attempt == 2
    assert result_bytes(done) == b"finished by attempt 2"
    lost = DBTaskResult.objects.get(pk=claimed.task.pk)
    assert (lost.status, lost.exception_class_path) == (TaskResultStatus.FAILED, LOST_WORKER)
    assert lost.worker_ids == ["test-worker-0"]
    assert done.task is not None and done.task.worker_ids == ["test-worker-1"]


def test_a_worker_stopped_twice_hands_its_job_to_the_next_worker(
    start_worker: Callable[[], WorkerProcess], cast: Cast
) -> None:
    first = start_worker()
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    wait_until(lambda: _job(job).status == "running", "the first worker runs the job", first)

    first.signal(signal.SIGTERM)  # the first asks it to stop after the job...
    time.sleep(0.5)
    first.signal(signal.SIGTERM)  # ...the second, now
    first.wait()

    handed_back = _job(job)
    assert (handed_back.status, handed_back.attempt) == ("queued", 2)
    release_file(job).touch()
    second = start_worker()
    wait_until(lambda: _job(job).status == "done", "the second worker finishes it", second)
    assert result_bytes(_job(job)) == b"finished by attempt 2"


def test_a_worker_stopped_once_finishes_its_job_first(
    start_worker: Callable[[], WorkerProcess], cast: Cast
) -> None:
    worker = start_worker()
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    wait_until(lambda: _job(job).status == "running", "the worker runs the job", worker)

    worker.signal(signal.SIGTERM)
    time.sleep(0.5)
    release_file(job).touch()

    assert worker.wait() == 0
    done = _job(job)
    assert (done.status, done.attempt) == ("done", 1)

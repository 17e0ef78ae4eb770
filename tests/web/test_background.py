"""Background jobs run by the worker's own code in the test's process: starting, progress,
failures and who may see them, and the recovery of jobs whose worker stopped.

Tasks are run with ``db_worker``'s ``Worker.run_task``, as the worker process runs them, but
in the test's transaction; ``test_background_worker.py`` starts real worker processes.
"""

from __future__ import annotations

import datetime
import io
import threading
from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stocktake_web.accounts.models import User
from stocktake_web.background.domain import (
    ABANDONED_AFTER,
    MAX_ATTEMPTS,
    JobProgressError,
    JobSupersededError,
    JobTargetError,
    report_progress,
    requeue_abandoned_jobs,
    start_job,
)
from stocktake_web.background.domain.jobs import LOST_WORKER
from stocktake_web.background.interfaces.exports import ROUND_ANSWERS_CSV
from stocktake_web.background.models import Job
from stocktake_web.background.tasks import hand_back

from .conftest import Cast
from .test_background_kinds import (
    BREAKING,
    REFUSAL,
    REFUSING,
    WAITING,
    release_file,
    run_queued_tasks,
)


def _released(job: Job) -> Job:
    release_file(job).touch()
    return job


def result_bytes(job: Job) -> bytes:
    with job.result.open("rb") as handle:
        return handle.read()


def _aged(job: Job, by: datetime.timedelta) -> None:
    """Move the job's heartbeat back in time, as if its worker had gone silent that long ago."""
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - by)


# -- starting ----------------------------------------------------------------------------------


def test_starting_a_job_records_it_and_queues_its_first_run(cast: Cast) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)

    job.refresh_from_db()
    assert (job.kind, job.status, job.attempt, job.language) == ("test-waiting", "queued", 1, "en")
    assert job.task is not None
    assert job.task.status == TaskResultStatus.READY
    assert job.task.args_kwargs["args"] == [job.pk, 1, "web.test_background_kinds"]


def test_a_second_start_of_the_same_job_returns_the_first(cast: Cast) -> None:
    first = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)

    again = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    someone_else = start_job(kind=WAITING, started_by=cast.vera, round=cast.round)

    assert again.pk == first.pk
    assert someone_else.pk != first.pk
    assert DBTaskResult.objects.count() == 2


def test_a_finished_job_is_made_again_by_a_new_start(cast: Cast) -> None:
    first = _released(start_job(kind=WAITING, started_by=cast.alice, round=cast.round))
    run_queued_tasks()

    again = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)

    assert again.pk != first.pk


def test_simultaneous_starts_make_one_job_and_one_task(transactional_db: None, cast: Cast) -> None:
    together = threading.Barrier(4)
    started: list[int] = []

    def click() -> None:
        try:
            together.wait(timeout=10)
            started.append(start_job(kind=WAITING, started_by=cast.alice, round=cast.round).pk)
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(4)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()

    assert len(started) == 4
    assert len(set(started)) == 1
    assert Job.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_job_is_started_on_what_its_kind_concerns_only(cast: Cast) -> None:
    with pytest.raises(JobTargetError):
        start_job(kind=WAITING, started_by=cast.alice, cohort=cast.cohort)
    with pytest.raises(JobTargetError):
        start_job(kind=WAITING, started_by=cast.alice)
    with pytest.raises(JobTargetError):
        start_job(kind=WAITING, started_by=cast.alice, round=cast.round, cohort=cast.cohort)


def test_a_job_speaks_the_language_it_was_started_in(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("background:start_round_job", args=[cast.round.pk, BREAKING.name])

    client.post(url, HTTP_ACCEPT_LANGUAGE="ja")
    run_queued_tasks()  # the worker's own language is English (see conftest)

    job = Job.objects.get()
    assert job.language == "ja"
    assert job.error.startswith("サーバーでエラーが起きたため")


# -- running and progress ------------------------------------------------------------------------


def test_a_job_runs_to_its_file_with_its_progress_complete(cast: Cast) -> None:
    job = _released(start_job(kind=WAITING, started_by=cast.alice, round=cast.round))

    assert run_queued_tasks() == 1

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == ("done", 2, 2, "released")
    assert job.result_name == "released.txt"
    assert result_bytes(job) == b"finished by attempt 1"
    assert job.started_at is not None and job.finished_at is not None
    assert job.task is not None and job.task.status == TaskResultStatus.SUCCESSFUL


def test_progress_beyond_the_total_is_refused(cast: Cast) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)

    with pytest.raises(JobProgressError, match="between 0 and the total of 3 steps, not 4"):
        report_progress(job=job, done=4, total=3)
    with pytest.raises(JobProgressError):
        report_progress(job=job, done=-1, total=3)


def test_a_run_that_was_replaced_stops_at_its_next_progress(cast: Cast) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.refresh_from_db()
    stale = Job.objects.get(pk=job.pk)

    assert hand_back(job)
    with pytest.raises(JobSupersededError):
        report_progress(job=stale, done=1, total=2)

    job.refresh_from_db()
    assert (job.status, job.attempt, job.done) == ("queued", 2, 0)


def test_progress_is_written_at_most_twice_a_second_but_the_last_step_always(
    cast: Cast,
) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)

    report_progress(job=job, done=1, total=100, message="first")
    report_progress(job=job, done=2, total=100, message="second")
    kept_after_two = Job.objects.values_list("done", "message").get(pk=job.pk)
    report_progress(job=job, done=100, total=100, message="last")

    assert kept_after_two == (1, "first")
    assert Job.objects.values_list("done", "message").get(pk=job.pk) == (100, "last")


# -- failures ----------------------------------------------------------------------------------


def test_a_refused_job_shows_its_sentence_to_whoever_started_it(cast: Cast, client: Client) -> None:
    job = start_job(kind=REFUSING, started_by=cast.alice, round=cast.round)
    run_queued_tasks()
    client.force_login(cast.alice)

    page = client.get(reverse("background:job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert job.status == "failed"
    assert REFUSAL in page
    assert "Traceback" not in page


def test_a_broken_job_shows_a_sentence_and_keeps_the_traceback_for_administrators(
    cast: Cast, client: Client
) -> None:
    job = start_job(kind=BREAKING, started_by=cast.alice, round=cast.round)
    run_queued_tasks()
    client.force_login(cast.alice)

    page = client.get(reverse("background:job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert job.error == (
        "The file could not be made because of an error on the server. The administrators can "
        f"find what happened in the worker's log under job {job.pk}."
    )
    assert job.error in page.replace("&#x27;", "'")
    assert "/srv/internal/secret" not in page
    assert "Traceback" not in page
    assert job.task is not None and job.task.status == TaskResultStatus.FAILED
    assert "connection to /srv/internal/secret refused" in job.task.traceback


# -- who sees what -------------------------------------------------------------------------------

PEOPLE = ("anon", "alice", "bob", "vera", "sam", "charlie", "dora", "olga")


def _failed_job(cast: Cast) -> Job:
    job = start_job(kind=REFUSING, started_by=cast.alice, round=cast.round)
    run_queued_tasks()
    return job


def _done_job(cast: Cast) -> Job:
    job = _released(start_job(kind=WAITING, started_by=cast.alice, round=cast.round))
    run_queued_tasks()
    return job


PAGES: dict[str, tuple[Callable[[Cast], Job], str]] = {
    "failed job page": (_failed_job, "background:job"),
    "done job page": (_done_job, "background:job"),
    "download": (_done_job, "background:download"),
}
CASES = [(page, person) for page in PAGES for person in PEOPLE]


@pytest.mark.parametrize(("page", "person"), CASES, ids=[f"{p}-{who}" for p, who in CASES])
def test_a_job_is_seen_by_whoever_started_it_and_by_no_one_else(
    cast: Cast, client: Client, page: str, person: str
) -> None:
    make, name = PAGES[page]
    job = make(cast)
    if person != "anon":
        client.force_login(getattr(cast, person))

    response = client.get(reverse(name, args=[job.pk]))
    if response.streaming:  # read to its end, which closes the file
        b"".join(response.streaming_content)  # type: ignore[attr-defined]

    expected = {"anon": 302, "alice": 200}.get(person, 404)
    assert response.status_code == expected
    if expected == 200 and page == "failed job page":
        assert REFUSAL in response.content.decode()


def test_a_job_is_not_shown_once_its_starter_lost_the_role(cast: Cast, client: Client) -> None:
    job = _done_job(cast)
    cast.vera.roles.all().delete()
    job.started_by = cast.vera
    job.save()
    client.force_login(cast.vera)

    assert client.get(reverse("background:download", args=[job.pk])).status_code == 404


def test_the_list_shows_one_s_own_jobs_only(cast: Cast, client: Client) -> None:
    start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    start_job(kind=REFUSING, started_by=cast.vera, round=cast.round)
    client.force_login(cast.alice)

    page = client.get(reverse("background:jobs")).content.decode()

    assert "Waiting" in page
    assert "Refusing" not in page


START_CASES = {
    "alice": 302,
    "vera": 302,
    "sam": 302,
    "bob": 403,
    "charlie": 404,
    "dora": 404,
    "olga": 404,
    "anon": 302,
}


@pytest.mark.parametrize(("person", "expected"), START_CASES.items())
def test_round_work_is_started_by_those_who_may_export_the_round(
    cast: Cast, client: Client, person: str, expected: int
) -> None:
    if person != "anon":
        client.force_login(getattr(cast, person))
    url = reverse("background:start_round_job", args=[cast.round.pk, ROUND_ANSWERS_CSV.name])

    response = client.post(url)

    assert response.status_code == expected
    assert Job.objects.exists() == (person in {"alice", "vera", "sam"})
    if person == "alice":
        assert response["Location"] == reverse("background:job", args=[Job.objects.get().pk])


@pytest.mark.parametrize("person", ["sam", "alice", "olga", "charlie"])
def test_cohort_work_is_started_by_the_network_s_secretariat_only(
    cast: Cast, client: Client, person: str
) -> None:
    client.force_login(getattr(cast, person))
    url = reverse("background:start_cohort_job", args=[cast.cohort.pk, "cohort-results-xlsx"])

    response = client.post(url)

    assert response.status_code == (302 if person == "sam" else 404)


def test_work_is_started_by_posting_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    url = reverse("background:start_round_job", args=[cast.round.pk, ROUND_ANSWERS_CSV.name])

    assert client.get(url).status_code == 405
    assert not Job.objects.exists()


@pytest.mark.parametrize("kind", ["no-such-kind", "cohort-results-xlsx"])
def test_an_unknown_kind_or_one_for_another_target_is_not_found(
    cast: Cast, client: Client, kind: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("background:start_round_job", args=[cast.round.pk, kind]))

    assert response.status_code == 404


# -- the page ----------------------------------------------------------------------------------


def test_the_page_shows_the_progress_bar_and_its_script(cast: Cast, client: Client) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    Job.objects.filter(pk=job.pk).update(status="running", done=1, total=4, message="Half")
    client.force_login(cast.alice)

    page = client.get(reverse("background:job", args=[job.pk])).content.decode()

    assert '<progress max="4" value="1"' in page
    assert "1 of 4" in page
    assert 'src="/static/background/jobs.js"' in page
    assert "<script>" not in page  # no inline script: the content security policy allows none


def test_the_page_s_script_gets_the_status_alone_and_never_from_a_cache(
    cast: Cast, client: Client
) -> None:
    job = _done_job(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("background:job", args=[job.pk]), HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "<html" not in fragment
    assert reverse("background:download", args=[job.pk]) in fragment
    assert "data-job-active" not in fragment


def test_a_job_waiting_long_says_the_worker_may_not_be_running(cast: Cast, client: Client) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    client.force_login(cast.alice)
    url = reverse("background:job", args=[job.pk])
    fresh = client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))

    waited = client.get(url).content.decode()

    notice = "No worker has started this yet"
    assert notice not in fresh
    assert notice in waited


def test_the_download_is_the_file_with_its_name(cast: Cast, client: Client) -> None:
    job = _done_job(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("background:download", args=[job.pk]))

    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content == b"finished by attempt 1"
    assert response["Content-Disposition"] == 'attachment; filename="released.txt"'
    assert response["Content-Type"].startswith("text/plain")


# -- recovery ------------------------------------------------------------------------------------


def _running(cast: Cast, kind: object = WAITING) -> Job:
    """A job whose task a worker claimed and started, as it stands while the work runs."""
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    assert job.task is not None
    job.task.claim("worker-that-will-die")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(cast: Cast) -> None:
    job = _running(cast)
    _aged(job, ABANDONED_AFTER / 2)

    assert requeue_abandoned_jobs() == 0
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("running", 1)


def test_a_silent_job_is_queued_again_and_its_lost_task_marked_failed(cast: Cast) -> None:
    job = _running(cast)
    lost = job.task
    assert lost is not None
    _aged(job, ABANDONED_AFTER + datetime.timedelta(seconds=1))

    assert requeue_abandoned_jobs() == 1

    job.refresh_from_db()
    lost.refresh_from_db()
    assert (job.status, job.attempt, job.heartbeat_at) == ("queued", 2, None)
    assert job.task_id != lost.pk
    assert (lost.status, lost.exception_class_path) == (TaskResultStatus.FAILED, LOST_WORKER)
    release_file(job).touch()
    run_queued_tasks()
    job.refresh_from_db()
    assert result_bytes(job) == b"finished by attempt 2"


def test_a_task_claimed_by_a_worker_that_died_before_starting_it_is_queued_again(
    cast: Cast,
) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    assert job.task is not None
    job.task.claim("worker-that-died")
    long_ago = timezone.now() - ABANDONED_AFTER - datetime.timedelta(seconds=1)
    DBTaskResult.objects.filter(pk=job.task.pk).update(started_at=long_ago)

    assert requeue_abandoned_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 2)


@pytest.mark.parametrize("end", ["failed", "pruned"])
def test_a_job_whose_task_ended_without_finishing_it_is_queued_again(cast: Cast, end: str) -> None:
    job = start_job(kind=WAITING, started_by=cast.alice, round=cast.round)
    assert job.task is not None
    if end == "failed":
        DBTaskResult.objects.filter(pk=job.task.pk).update(status=TaskResultStatus.FAILED)
    else:
        job.task.delete()  # as prune_db_task_results does with finished tasks

    assert requeue_abandoned_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 2)


def test_a_job_that_keeps_losing_its_worker_fails_with_a_sentence(cast: Cast) -> None:
    job = _running(cast)
    Job.objects.filter(pk=job.pk).update(attempt=MAX_ATTEMPTS)
    _aged(job, 2 * ABANDONED_AFTER)

    assert requeue_abandoned_jobs() == 1

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith(f"The work stopped {MAX_ATTEMPTS} times before it was done")


def test_looking_at_a_silent_job_queues_it_again(cast: Cast, client: Client) -> None:
    job = _running(cast)
    _aged(job, 2 * ABANDONED_AFTER)
    client.force_login(cast.alice)

    page = client.get(reverse("background:job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 2)
    assert "Waiting for a worker" in page


def test_the_command_queues_silent_jobs_again(cast: Cast) -> None:
    job = _running(cast)
    _aged(job, 2 * ABANDONED_AFTER)
    out = io.StringIO()

    call_command("requeue_abandoned_jobs", stdout=out)

    assert out.getvalue() == "1 abandoned job(s) queued again or given up.\n"
    assert Job.objects.get(pk=job.pk).attempt == 2


def test_deleting_a_person_deletes_their_jobs(cast: Cast) -> None:
    start_job(kind=WAITING, started_by=cast.vera, round=cast.round)

    User.objects.filter(pk=cast.vera.pk).delete()

    assert not Job.objects.exists()


def test_old_finished_jobs_are_deleted_with_their_files(cast: Cast) -> None:
    old, recent = _done_job(cast), _done_job(cast)
    running = _running(cast)
    long_ago = timezone.now() - datetime.timedelta(days=8)
    Job.objects.filter(pk__in=[old.pk, running.pk]).update(finished_at=long_ago)
    old.refresh_from_db()
    out = io.StringIO()

    call_command("delete_finished_jobs", "--days", "7", stdout=out)

    assert out.getvalue() == "1 finished job(s) deleted with their files.\n"
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not default_storage.exists(old.result.name or "")
    assert default_storage.exists(Job.objects.get(pk=recent.pk).result.name or "")

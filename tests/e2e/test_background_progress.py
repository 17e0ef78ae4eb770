"""A background job's page follows the job by itself, under the Content-Security-Policy."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from stocktake_web.assessments.domain import open_round
from stocktake_web.background.domain import start_job
from web.test_background_kinds import WAITING, release_file, run_queued_tasks

from .conftest import Harbour, SignIn


def test_the_job_page_shows_the_download_once_the_job_is_done_without_a_reload(
    harbour: Harbour, sign_in: SignIn
) -> None:
    round = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    job = start_job(kind=WAITING, started_by=harbour.mei, round=round)
    mei = sign_in("mei")
    mei.goto(f"/jobs/{job.pk}/")
    expect(mei.locator("#job-status")).to_contain_text("Waiting for a worker")
    mei.evaluate("document.querySelector('#job-status').dataset.seen = 'yes'")

    release_file(job).touch()
    run_queued_tasks()

    expect(mei.get_by_role("link", name="Download released.txt")).to_be_visible()
    assert mei.evaluate("document.querySelector('#job-status').dataset.seen") == "yes"

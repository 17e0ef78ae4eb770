"""Exports made in the background: a large round's files from the dashboard, and the cohort's
workbook of every signed-off round for the secretariat."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stocktake_web.assessments.domain import (
    AnswerContent,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.audit.models import AuditEvent
from stocktake_web.background.domain import start_job
from stocktake_web.background.interfaces.exports import COHORT_RESULTS_XLSX, ROUND_ANSWERS_CSV
from stocktake_web.background.models import Job
from stocktake_web.dashboards.interfaces import panels
from stocktake_web.network.models import City

from .conftest import Cast
from .test_background import result_bytes
from .test_background_kinds import run_queued_tasks


def _sign_off_harbour(cast: Cast) -> None:
    for indicator, value, department in (("G1", "1", cast.planning), ("G1", "4", None)):
        save_answer(
            answer=cast.answer(indicator, department),
            user=cast.bea if department else cast.bob,
            base_version=0,
            content=AnswerContent(value=value, evidence='=HYPERLINK("http://x")'),
        )
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    submit_department(round=cast.round, department=cast.planning, by=cast.bea)
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    sign_off(round=cast.round, by=cast.alice)


def _workbook(job: Job) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(result_bytes(job)), read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}
    finally:
        book.close()


def test_the_cohort_workbook_holds_the_signed_off_rounds_only(cast: Cast) -> None:
    _sign_off_harbour(cast)
    job = start_job(kind=COHORT_RESULTS_XLSX, started_by=cast.sam, cohort=cast.cohort)

    run_queued_tasks()

    job.refresh_from_db()
    sheets = _workbook(job)
    assert job.status == "done"
    assert job.result_name == f"east-cohort-{cast.cohort.pk}-results.xlsx"
    assert list(sheets) == ["rounds", "results", "key areas"]
    assert sheets["rounds"][0] == (
        "city", "city_name", "round", "round_name", "framework", "signed_off_at",
    )  # fmt: skip
    assert [row[:4] for row in sheets["rounds"][1:]] == [
        ("harbour", "Harbour City", cast.round.pk, "2025")
    ]
    assert sheets["results"][0][:4] == ("city", "round", "level", "id")
    assert {row[0] for row in sheets["results"][1:]} == {"harbour"}
    assert ("harbour", cast.round.pk, "total") in {row[:3] for row in sheets["results"][1:]}
    assert (job.done, job.total) == (1, 1)


def test_the_cohort_workbook_keeps_a_city_name_as_text_not_a_formula(cast: Cast) -> None:
    City.objects.filter(pk=cast.harbour.pk).update(name={"en": "=1+2"})
    _sign_off_harbour(cast)
    job = start_job(kind=COHORT_RESULTS_XLSX, started_by=cast.sam, cohort=cast.cohort)

    run_queued_tasks()

    job.refresh_from_db()
    assert _workbook(job)["rounds"][1][1] == "'=1+2"


def test_a_cohort_without_a_signed_off_round_says_so(cast: Cast, client: Client) -> None:
    job = start_job(kind=COHORT_RESULTS_XLSX, started_by=cast.sam, cohort=cast.cohort)

    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "No round of a city in Community of practice is signed off yet, so there are no "
        "results to export. Try again once a city has signed off its round."
    )


def test_the_background_file_is_the_file_of_the_direct_download(cast: Cast, client: Client) -> None:
    save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="3", comment="@SUM(A1:A9) and 漢字"),
    )
    client.force_login(cast.alice)
    job = start_job(kind=ROUND_ANSWERS_CSV, started_by=cast.alice, round=cast.round)
    run_queued_tasks()

    direct = client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))
    job.refresh_from_db()

    assert result_bytes(job) == direct.content
    assert job.result_name == f"harbour-round-{cast.round.pk}-answers.csv"


def test_downloading_a_round_s_background_export_is_in_the_audit_log(
    cast: Cast, client: Client
) -> None:
    job = start_job(kind=ROUND_ANSWERS_CSV, started_by=cast.alice, round=cast.round)
    run_queued_tasks()
    client.force_login(cast.alice)

    response = client.get(reverse("background:download", args=[job.pk]))
    b"".join(response.streaming_content)  # type: ignore[attr-defined]

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert event.actor == cast.alice
    assert event.details["export"] == "answers.csv"
    assert event.details["round_id"] == cast.round.pk


def _dashboard(client: Client, cast: Cast) -> str:
    client.force_login(cast.alice)
    return client.get(reverse("dashboards:city", args=["harbour"])).content.decode()


def test_a_small_round_is_exported_straight_from_the_dashboard(cast: Cast, client: Client) -> None:
    page = _dashboard(client, cast)

    assert reverse("dashboards:answers_csv", args=[cast.round.pk]) in page
    assert 'form="background-export"' not in page


def test_a_large_round_is_exported_in_the_background_from_the_dashboard(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(panels, "LARGE_ROUND_ANSWERS", 2)
    page = _dashboard(client, cast)
    start = reverse("background:start_round_job", args=[cast.round.pk, "round-answers-csv"])

    assert f'form="background-export" formaction="{start}"' in page
    assert '<form id="background-export" method="post" hidden>' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert reverse("dashboards:answers_csv", args=[cast.round.pk]) not in page
    response = client.post(start)
    assert response.status_code == 302
    assert Job.objects.get().kind == "round-answers-csv"


def test_the_cohort_overview_offers_the_workbook_to_the_secretariat(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam)

    page = client.get(reverse("dashboards:cohort", args=["east", cast.cohort.pk])).content.decode()

    start = reverse("background:start_cohort_job", args=[cast.cohort.pk, "cohort-results-xlsx"])
    assert f'action="{start}"' in page
    assert "Results of every signed-off round (Excel)" in page

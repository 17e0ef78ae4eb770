"""The pages do what their buttons say: autosave, conflicts, assignment, reconciliation,
sign-off, dashboards and exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.safestring import SafeString
from openpyxl import load_workbook

from stocktake.frameworks import load_framework
from stocktake.io.answers import COLUMNS, read_answers
from stocktake.scoring import score_assessment
from stocktake_web.assessments.domain import (
    AnswerContent,
    core_answers,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.models import Answer, Assignment, Round, SignOff
from stocktake_web.assessments.views import answering
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion

from .conftest import DATA, Cast

HTMX = {"HTTP_HX_REQUEST": "true"}
GRID = {
    "shown_indicator": ["G1", "G2", "E1", "E2", "E3"],
    "shown_department": ["environment", "planning"],
}
"""What the assignment grid says it showed: every pilot indicator for both departments."""


def _autosave(client: Client, answer: Answer, base: int, **fields: str) -> object:
    url = reverse("assessments:answer", args=[answer.pk])
    return client.post(url, {"base_version": str(base), **fields}, **HTMX)


def _disagree_on_g1(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )
    save_answer(
        answer=cast.answer("G1", cast.planning),
        user=cast.bea,
        base_version=0,
        content=AnswerContent(value="0", importance=5, support=frozenset({"training"})),
    )


def test_autosave_returns_the_status_and_the_new_version(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = _autosave(client, cast.answer("E1"), 0, value="2", confidence="high")

    assert response.status_code == 200
    assert response["X-Answer-Version"] == "1"
    assert "Saved at" in response.content.decode()
    assert "1 of 3" in response.content.decode()


def test_a_stale_autosave_is_a_conflict_and_keeps_both_versions(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)
    answer = cast.answer("E1")
    _autosave(client, answer, 0, value="2")

    response = _autosave(client, answer, 0, value="4")

    assert response.status_code == 409
    assert response["X-Answer-Version"] == "1"
    assert "Someone else saved this answer" in response.content.decode()
    page = client.get(reverse("assessments:answer", args=[answer.pk])).content.decode()
    assert "Two versions of this answer" in page
    assert "2 · Planned" in page and "4 · Leading" in page


def test_a_value_outside_the_scale_is_refused_with_the_reason(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = _autosave(client, cast.answer("E2"), 0, value="final")

    assert response.status_code == 422
    assert Answer.objects.get(pk=cast.answer("E2").pk).version == 0


def test_an_evidence_file_is_uploaded_and_downloaded(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)
    answer = cast.answer("E1")
    upload = SimpleUploadedFile("inventory.pdf", b"%PDF-1.7 inventory")
    client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": "0", "value": "2", "file": upload},
        **HTMX,
    )

    response = client.get(reverse("assessments:evidence_file", args=[answer.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="inventory.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 inventory"  # type: ignore[attr-defined]
    response.close()


def test_an_oversized_evidence_file_is_skipped_while_it_arrives_and_said_so(
    cast: Cast, client: Client, settings: Any
) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 1000
    client.force_login(cast.bob)
    answer = cast.answer("E1")
    upload = SimpleUploadedFile("survey.pdf", b"%PDF-1.7 " + b"x" * 5000)

    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": "0", "value": "2", "comment": "typed before the upload", "file": upload},
        **HTMX,
    )

    assert response.status_code == 422
    assert "The file survey.pdf is larger than the limit of 1000" in response.content.decode()
    assert response.wsgi_request.FILES == {}  # type: ignore[attr-defined]
    assert response.wsgi_request.POST["comment"] == "typed before the upload"  # type: ignore[attr-defined]
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.version, stored.file_name) == (0, "")


def _comment_twelve_times(cast: Cast) -> Answer:
    answer = cast.answer("E1")
    for version in range(12):
        content = AnswerContent(value="2", comment=f"comment number {version + 1}")
        answer = save_answer(
            answer=answer, user=cast.bob, base_version=version, content=content
        ).answer
    return answer


def test_the_indicator_page_lists_the_latest_changes_and_links_to_the_rest(
    cast: Cast, client: Client
) -> None:
    answer = _comment_twelve_times(cast)
    client.force_login(cast.bob)

    page = client.get(reverse("assessments:answer", args=[answer.pk])).content.decode()

    assert "comment number 12" in page and "comment number 3" in page
    # versions 12 down to 3 are shown; "comment number 1" was written by version 1 and replaced
    # by version 2, neither of them among the ten
    assert "comment number 1<" not in page
    assert reverse("assessments:answer_history", args=[answer.pk]) in page


def test_the_history_page_lists_every_change_a_page_at_a_time(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answering, "CHANGES_PER_PAGE", 5)
    answer = _comment_twelve_times(cast)
    client.force_login(cast.alice)
    url = reverse("assessments:answer_history", args=[answer.pk])

    first = client.get(url).content.decode()
    last = client.get(url, {"page": 3}).content.decode()

    assert "13 changes" in first  # the value once, then the comment twelve times
    assert "comment number 12" in first and "Older changes" in first
    assert "Page 3 of 3" in last and "Newer changes" in last
    assert "<td>answer</td>" in last and "comment number 1<" in last


def _answer_with_confidence_and_support(cast: Cast) -> Answer:
    first = AnswerContent(value="2", confidence="medium", support=frozenset({"training"}))
    answer = save_answer(answer=cast.answer("E1"), user=cast.bob, base_version=0, content=first)
    second = AnswerContent(value="3", confidence="high", support=frozenset({"training", "finance"}))
    return save_answer(answer=answer.answer, user=cast.bob, base_version=1, content=second).answer


def test_the_history_shows_the_answer_confidence_and_support_by_their_labels(
    cast: Cast, client: Client
) -> None:
    answer = _answer_with_confidence_and_support(cast)
    client.force_login(cast.alice)

    page = client.get(reverse("assessments:answer", args=[answer.pk])).content.decode()
    history = client.get(reverse("assessments:answer_history", args=[answer.pk])).content
    every = history.decode()

    for shown in (page, every):
        assert "<td>2 · Planned</td><td>3 · Implemented</td>" in shown
        assert "<td>Medium</td><td>High</td>" in shown
        assert "<td>Training</td><td>Finance, Training</td>" in shown
        assert "<td>medium</td>" not in shown and "finance; training" not in shown


def test_the_history_shows_the_labels_in_the_reader_s_language(cast: Cast, client: Client) -> None:
    answer = _answer_with_confidence_and_support(cast)
    client.force_login(cast.alice)

    url = reverse("assessments:answer_history", args=[answer.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert "<td>2 · 規劃</td><td>3 · 實施</td>" in page
    assert "<td>中</td><td>高</td>" in page
    assert "<td>培訓</td><td>財務、培訓</td>" in page


def test_a_conflict_shows_confidence_and_support_by_their_labels(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bob)
    answer = cast.answer("E1")
    _autosave(client, answer, 0, value="2", confidence="low")
    _autosave(client, answer, 0, value="4", confidence="high", support="finance")

    page = client.get(
        reverse("assessments:answer", args=[answer.pk]), HTTP_ACCEPT_LANGUAGE="zh-TW"
    ).content.decode()

    assert "<td>2 · 規劃</td><td>4 · 領先</td>" in page
    assert "<td>低</td><td>高</td>" in page
    assert "<td></td><td>財務</td>" in page


def test_a_submitted_department_sees_its_answers_read_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)
    client.post(reverse("assessments:submit", args=[cast.round.pk, "environment"]))

    page = client.get(reverse("assessments:answer", args=[cast.answer("E1").pk])).content
    response = _autosave(client, cast.answer("E1"), 0, value="2")

    assert b"data-autosave" not in page
    assert response.status_code == 409
    assert "ask the coordinator to reopen" in response.content.decode()


def test_opening_a_round_assigns_the_suggested_departments(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    deadline = datetime.date.today() + datetime.timedelta(days=10)

    response = client.post(
        reverse("assessments:open_round", args=["harbour"]),
        {
            "framework": cast.framework.pk,
            "name": "2026",
            "deadline": deadline.isoformat(),
            "assign_suggested": "on",
            "reason": "The 2025 round stays open for the planning department",
        },
    )

    opened = Round.objects.get(name="2026")
    assert response["Location"] == reverse("assessments:round", args=[opened.pk])
    assert opened.assignments.count() == 5
    assert opened.opened_by == cast.alice


def test_a_deadline_in_the_past_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:open_round", args=["harbour"]),
        {"framework": cast.framework.pk, "name": "Late", "deadline": "2000-01-01"},
    )

    assert response.status_code == 200
    assert "The deadline cannot be in the past." in response.content.decode()
    assert not Round.objects.filter(name="Late").exists()


def test_the_assignment_grid_adds_and_takes_back(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    ticked = ["G1:planning", "G2:planning", "E1:environment", "E3:environment"]

    client.post(reverse("assessments:assign", args=[cast.round.pk]), {"assign": ticked, **GRID})

    pairs = set(
        Assignment.objects.filter(round=cast.round).values_list("indicator", "department__slug")
    )
    assert pairs == {
        ("G1", "planning"),
        ("G2", "planning"),
        ("E1", "environment"),
        ("E3", "environment"),
    }


def test_the_assignment_message_counts_one_assignment_in_the_singular(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)
    current = [
        f"{indicator}:{department}"
        for indicator, department in Assignment.objects.filter(round=cast.round).values_list(
            "indicator", "department__slug"
        )
    ]
    url = reverse("assessments:assign", args=[cast.round.pk])

    once = client.post(url, {"assign": [*current, "E3:planning"], **GRID}, follow=True)
    again = client.post(url, {"assign": current, **GRID}, follow=True, HTTP_ACCEPT_LANGUAGE="ja")

    assert "1 assignment added, 0 taken back." in once.content.decode()
    assert "割り当てを 0 件追加し、1 件取り消しました。" in again.content.decode()


def test_the_round_page_shows_disagreements_side_by_side(cast: Cast, client: Client) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)

    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()

    assert 'id="d-G1"' in page
    assert "4 · Leading" in page and "0 · Not started" in page
    assert "To reconcile" in page


def test_the_round_page_explains_agreement_and_the_median_in_plain_words(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)
    url = reverse("assessments:round", args=[cast.round.pk])

    page = client.get(url).content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert re.search(r"Agreement between departments: -?\d\.\d\d \(1 is full agreement\)", page)
    assert "Until reconciled, the departments' middle answer (median) counts: 0 · " in page
    assert "Krippendorff" not in page and "the rule gives" not in page
    assert "（1 表示完全一致）" in chinese
    assert "採用各局處答案的中間值（中位數）：0 · 尚未開始" in chinese


def test_reconcile_close_and_sign_off_through_the_pages(cast: Cast, client: Client) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)
    client.post(reverse("assessments:close", args=[cast.round.pk]), {"confirmed": "1"})
    client.post(
        reverse("assessments:reconcile", args=[cast.round.pk, "G1"]),
        {"r-G1-value": "2", "r-G1-reason": "The office has no budget yet", "r-G1-base_version": 0},
    )

    response = client.post(
        reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?round={cast.round.pk}")
    assert SignOff.objects.get(round=cast.round).results["indicators"]["G1"]["points"] == 2.0
    page = client.get(response["Location"]).content.decode()
    assert "Results as stored at sign-off" in page


def test_the_round_page_shows_the_reconciled_answer_by_its_label(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    client.force_login(cast.alice)

    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()

    assert "Reconciled answer: 2 · Planned. Reason: Agreed" in page


def test_sign_off_is_refused_while_disagreements_remain(cast: Cast, client: Client) -> None:
    _disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:sign_off", args=[cast.round.pk]), {"confirmed": "1"}, follow=True
    )

    assert "Reconcile these indicators before signing off: G1" in response.content.decode()
    assert not SignOff.objects.exists()


def test_the_dashboard_of_a_signed_off_round_shows_the_stored_record(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="1", reason="Agreed", by=cast.alice)
    record = sign_off(round=cast.round, by=cast.alice)
    record.results["total"]["score"] = 12.0
    record.save()
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()

    assert "Overall 12 of 100" in page


def test_the_dashboard_shows_an_answer_saved_since_it_was_last_shown(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)
    url = reverse("dashboards:city", args=["harbour"])
    before = client.get(url).content.decode()
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )

    after = client.get(url).content.decode()

    assert "Nothing is answered yet in this round" in before
    assert "Nothing is answered yet in this round" not in after
    assert "Overall" in after


def test_the_dashboard_shows_submissions_and_reconciliations_made_since_it_was_last_shown(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)
    url = reverse("dashboards:city", args=["harbour"])
    before = client.get(url).content.decode()
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    start_reconciliation(round=Round.objects.get(pk=cast.round.pk))
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)

    after = client.get(url).content.decode()

    assert "Submitted" not in before
    assert "reconciled by the coordinator" not in before
    assert "Submitted" in after
    assert "reconciled by the coordinator" in after


def test_the_dashboard_lists_key_areas_with_reasons_in_the_language(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)

    page = client.get(
        reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE="zh-TW"
    ).content.decode()

    assert "重點發展領域" in page
    assert "跨局處協調" in page
    assert "各局處意見不一致（從 0 到 4）；尚未協調。" in page
    assert "2 個作答局處中，有 1 個提出支援需求：培訓 (1)。" in page
    assert "<svg" in page


def _unverified_pilot(tmp_path: Path, *, whole: bool) -> FrameworkVersion:
    """The pilot framework with G1 and E1 (and, if ``whole``, everything) not yet checked."""
    text = (DATA / "pilot.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', 'version: "1.0.1"')
    for indicator in ("G1", "E1"):
        text = text.replace(
            f"      - id: {indicator}\n",
            f"      - id: {indicator}\n        provenance: {{source: A draft, verified: false}}\n",
        )
    if whole:
        text = text.replace("web tests, verified: true}", "web tests, verified: false}")
    path = tmp_path / "pilot.yaml"
    path.write_text(text, encoding="utf-8")
    return import_framework(framework=load_framework(path))


@pytest.mark.parametrize("whole", [False, True])
def test_the_dashboard_says_how_many_indicators_are_not_checked_in_plain_words(
    cast: Cast, client: Client, tmp_path: Path, whole: bool
) -> None:
    Round.objects.filter(pk=cast.round.pk).update(
        framework=_unverified_pilot(tmp_path, whole=whole)
    )
    client.force_login(cast.alice)
    url = reverse("dashboards:city", args=["harbour"]) + f"?round={cast.round.pk}"

    page = client.get(url).content.decode()
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert (
        "The values of 2 indicators of this framework have not been checked against the "
        "original publication; treat their scores as provisional."
    ) in page
    assert "<summary>Which indicators</summary><p>G1, E1</p>" in page
    assert "2 件の指標の値は原典と照合されていません" in japanese
    framework_as_a_whole = "The values of this framework have not been checked"
    assert (framework_as_a_whole in page) is whole
    assert "pilot, G1" not in page


def test_overdue_departments_show_on_the_cohort_overview(cast: Cast, client: Client) -> None:
    Round.objects.filter(pk=cast.round.pk).update(deadline=datetime.date(2020, 1, 1))
    client.force_login(cast.sam)

    page = client.get(reverse("dashboards:cohort", args=["east", cast.cohort.pk])).content
    text = page.decode()

    assert text.count('class="badge overdue"') == 2
    assert "Harbour City" in text and "Hillside" in text


def test_the_cohort_overview_names_each_round_s_framework_in_the_reader_s_language(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam)
    url = reverse("dashboards:cohort", args=["east", cast.cohort.pk])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert "Pilot framework (pilot@1.0.0)" in _row(english, "Harbour City")
    assert "試行框架 (pilot@1.0.0)" in chinese


def test_the_cohort_overview_shows_an_answer_and_a_submission_made_since_the_last_view(
    cast: Cast, client: Client
) -> None:
    Round.objects.filter(pk=cast.round.pk).update(deadline=datetime.date(2020, 1, 1))
    client.force_login(cast.sam)
    url = reverse("dashboards:cohort", args=["east", cast.cohort.pk])
    before = client.get(url).content.decode()
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    after = client.get(url).content.decode()

    assert before.count('class="badge overdue"') == 2
    assert after.count('class="badge overdue"') == 1
    assert after != before


def test_an_answer_saved_in_one_city_rewrites_only_that_city_row_of_the_cohort_overview(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam)
    url = reverse("dashboards:cohort", args=["east", cast.cohort.pk])
    first = client.get(url).content.decode()
    # Mark Hillside's kept row: it shows again only if the page did not rewrite it.
    kept = [key for key in _cache_keys() if key.startswith("cohort-row:")]
    rows = cache.get_many(kept)
    hill = next(key for key, row in rows.items() if "Hillside" in row)
    cache.set(hill, SafeString(rows[hill].replace("Hillside", "Hillside (kept row)")))
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )

    page = client.get(url).content.decode()

    assert "Hillside (kept row)" in page
    assert "0 of 5" in _row(first, "Harbour City") and "1 of 5" in _row(page, "Harbour City")
    assert 'role="progressbar" aria-valuemin="0" aria-valuemax="5" aria-valuenow="1"' in _row(
        page, "Harbour City"
    )


def _row(page: str, city: str) -> str:
    """The table row of ``city`` on ``page``."""
    start = page.index(f">{city}<")
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def _cache_keys() -> list[str]:
    """Keys of the per-process memory cache the tests run with."""
    return [key.split(":", 2)[2] for key in cache._cache]  # type: ignore[attr-defined]


def test_the_cohort_overview_shows_a_round_moved_on_since_the_last_view(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sam)
    url = reverse("dashboards:cohort", args=["east", cast.cohort.pk])
    client.get(url)
    start_reconciliation(round=cast.round)

    page = client.get(url).content.decode()

    assert 'class="badge reconciling"' in page


def test_the_answers_export_reads_back_into_the_core_with_equal_scores(
    cast: Cast, client: Client, tmp_path: Path
) -> None:
    _disagree_on_g1(cast)
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))
    exported = tmp_path / "answers.csv"
    exported.write_bytes(response.content)

    framework = cast.framework.load()
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS
    again = score_assessment(framework, read_answers(exported, framework=framework))
    direct = score_assessment(framework, core_answers(cast.round))
    assert again.to_dict() == direct.to_dict()


def test_the_workbook_holds_answers_results_and_key_areas(cast: Cast, client: Client) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.vera)

    response = client.get(reverse("dashboards:results_xlsx", args=[cast.round.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["answers", "results", "key areas"]
    assert workbook["results"]["A2"].value == "total"
    assert workbook["key areas"]["B2"].value == "G1"


def test_the_results_csv_lists_total_groups_pathways_and_indicators(
    cast: Cast, client: Client
) -> None:
    _disagree_on_g1(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:results_csv", args=[cast.round.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["level"] for row in rows].count("total") == 1
    assert {row["id"] for row in rows if row["level"] == "group"} == {"gov", "env"}
    assert {row["id"] for row in rows if row["level"] == "pathway"} == {
        "equitable",
        "low_emission",
        "circular",
    }
    assert len([row for row in rows if row["level"] == "indicator"]) == 5


def test_no_banner_without_demonstration_data(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    page = client.get(reverse("home")).content.decode()

    assert "Demonstration data" not in page


def test_refusals_explain_themselves_in_the_language(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    forbidden = client.get(reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE="ja")
    missing = client.get(reverse("dashboards:city", args=["hillside"]), HTTP_ACCEPT_LANGUAGE="ja")

    assert "許可されていません" in forbidden.content.decode()
    assert "ページが見つかりません" in missing.content.decode()

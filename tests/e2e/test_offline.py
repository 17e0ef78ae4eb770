"""Mei, coordinator of Harbour City, takes the environment department's questionnaire offline:
she downloads it, fills it in a spreadsheet, uploads it, reads the problem, fixes it and uploads
it again."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.models import Answer

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e


def test_a_coordinator_fills_the_questionnaire_offline_and_fixes_what_the_upload_refuses(
    harbour: Harbour, sign_in: SignIn, tmp_path: Path
) -> None:
    round = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2026",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=round, by=harbour.mei)
    page = sign_in("mei")
    page.goto(f"/rounds/{round.pk}/departments/environment/")
    page.get_by_role("link", name="Offline questionnaire").click()

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the blank questionnaire (XLSX)").click()
    workbook_path = tmp_path / "environment.xlsx"
    waiting.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path)
    sheet = workbook["answers"]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    sheet.cell(rows["E1"], 3, 3)
    sheet.cell(rows["E2"], 3, "lots")
    workbook.save(workbook_path)

    page.locator("#questionnaire").set_input_files(workbook_path)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("alert")).to_contain_text(f"row {rows['E2']}")
    assert not Answer.objects.filter(assignment__round=round, version__gt=0).exists()

    sheet.cell(rows["E2"], 3, "draft")
    workbook.save(workbook_path)
    page.locator("#questionnaire").set_input_files(workbook_path)
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("2 answers changed.")).to_be_visible()
    stored = Answer.objects.filter(assignment__round=round, assignment__indicator__in=["E1", "E2"])
    assert sorted(stored.values_list("value", flat=True)) == ["3", "draft"]

"""Mei, coordinator of Harbour City, downloads the Traditional Chinese PDF report of a
signed-off round from the round page."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pdf_fonts import embedded_fonts
from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.assessments.models import Answer

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e


def test_a_coordinator_downloads_the_chinese_pdf_report_of_a_signed_off_round(
    harbour: Harbour, sign_in: SignIn
) -> None:
    harbour.city.network.minimum_sign_off_coverage = 0
    harbour.city.network.save(update_fields=["minimum_sign_off_coverage"])
    round = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=round, by=harbour.mei)
    e1 = Answer.objects.get(
        assignment__round=round,
        assignment__indicator="E1",
        assignment__department=harbour.environment,
    )
    save_answer(answer=e1, user=harbour.bo, base_version=0, content=AnswerContent(value="2"))
    start_reconciliation(round=round)
    sign_off(round=round, by=harbour.mei)
    page = sign_in("mei")
    page.goto(f"/rounds/{round.pk}/")
    page.locator("#language-choice").select_option("zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")

    with page.expect_download() as waiting:
        page.get_by_role("link", name="報告（PDF）").click()
    download = waiting.value
    content = Path(download.path()).read_bytes()

    assert download.suggested_filename == f"harbour-round-{round.pk}-report.pdf"
    assert content.startswith(b"%PDF-")
    assert "Noto-Sans-CJK-TC" in embedded_fonts(content)

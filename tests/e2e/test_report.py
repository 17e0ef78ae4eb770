"""Mei, coordinator of Harbour City, downloads the Traditional Chinese PDF report of a
signed-off round from the round page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pdf_fonts import embedded_fonts
from stocktake_web.assessments.domain import (
    sign_off,
    start_reconciliation,
)

from .conftest import Harbour, SignIn, submitted_round

pytestmark = pytest.mark.e2e


def test_a_coordinator_downloads_the_chinese_pdf_report_of_a_signed_off_round(
    harbour: Harbour, sign_in: SignIn
) -> None:
    harbour.city.network.minimum_sign_off_coverage = 0
    harbour.city.network.save(update_fields=["minimum_sign_off_coverage"])
    round, _answer = submitted_round(harbour)
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

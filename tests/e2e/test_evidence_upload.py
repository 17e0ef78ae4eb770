"""An evidence file over the size limit is refused in the browser, before any of it is sent,
while the rest of the answer keeps saving; a file within the limit is saved with the answer."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect
from pytest_django import Settings

from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.models import Answer

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e


def _answer(harbour: Harbour) -> Answer:
    opened = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025 pilot",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=opened, by=harbour.mei)
    return Answer.objects.get(
        assignment__round=opened,
        assignment__indicator="E1",
        assignment__department=harbour.environment,
    )


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    harbour: Harbour, sign_in: SignIn, settings: Settings
) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 2000
    answer = _answer(harbour)
    bo = sign_in("bo")
    bo.goto(f"/answers/{answer.pk}/")
    file_input = bo.locator("input[name=file]")
    expect(file_input).to_have_attribute("data-max-bytes", "2000")

    file_input.set_input_files(
        {"name": "survey.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7" + b"x" * 5000}
    )

    expect(bo.locator("#save-status")).to_have_attribute("data-state", "problem")
    expect(bo.locator("#save-status")).to_contain_text("larger than the limit of 2.0")
    expect(file_input).to_have_value("")
    bo.locator("input[name=value][value='2']").check()
    expect(bo.locator("input[name=base_version]")).to_have_value("1")
    answer.refresh_from_db()
    assert (answer.value, answer.file_name) == ("2", "")

    file_input.set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 small plan"}
    )

    expect(bo.locator("input[name=base_version]")).to_have_value("2")
    expect(bo.locator("#save-status")).to_contain_text("plan.pdf")
    answer.refresh_from_db()
    assert answer.file_name == "plan.pdf"

"""Values as people type them into CBI-01, "% of city area", in a real browser: a decimal comma
is answered with how to write the number, 150 and −5 with the bounds of a share, and a valid value
is saved; the band table is beside the field."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from stocktake.frameworks import get_framework
from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.models import Answer
from stocktake_web.frameworks.domain import import_framework

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e


def _cbi_01(harbour: Harbour) -> Answer:
    framework = import_framework(framework=get_framework("cbi-2014"))
    opened = open_round(
        city=harbour.city,
        framework=framework,
        name="CBI 2027",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=opened, by=harbour.mei, pairs=[("CBI-01", harbour.environment)])
    return Answer.objects.get(assignment__round=opened, assignment__indicator="CBI-01")


def test_cbi_01_refuses_a_comma_and_values_outside_0_to_100_then_saves_a_valid_one(
    harbour: Harbour, sign_in: SignIn
) -> None:
    answer = _cbi_01(harbour)
    bo = sign_in("bo")
    bo.goto(f"/answers/{answer.pk}/")
    field = bo.locator("input[name=value]")
    status = bo.locator("#save-status")
    expect(bo.locator("table.bands")).to_contain_text("14.0–20.0")

    field.fill("12,5")
    expect(status).to_contain_text("write 12.5")
    field.fill("150")
    expect(status).to_contain_text("write a number from 0 to 100 (% of city area)")
    field.fill("\u22125")
    expect(status).to_contain_text("-5 is outside what this value can be")
    field.fill("12.5")
    expect(status).not_to_contain_text("write a number")
    expect(bo.locator("input[name=base_version]")).to_have_value("1")

    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("12.5", 1)
    assert "does not fit" not in bo.content()

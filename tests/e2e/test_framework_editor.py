"""The framework editor in the browser: Mei, Harbour City's coordinator, derives issa-36 for her
city. She drops two indicators, rewords one in Traditional Chinese, adds a local indicator,
previews the reworded one in Traditional Chinese as a respondent will see it, publishes, reads
the diff with the base, and finds the new version in the form that opens a round.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stocktake.frameworks import get_framework
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e

REWORDED = "跨局處整合協調（港灣市）"
LOCAL_TITLES = {
    "en": "Typhoon shelters",
    "zh-Hant": "颱風避難所",
    "ja": "台風避難所",
    "ko": "태풍 대피소",
}


def test_a_coordinator_derives_issa36_previews_it_in_chinese_and_publishes(
    harbour: Harbour, sign_in: SignIn
) -> None:
    issa = import_framework(framework=get_framework("issa-36"))
    mei = sign_in("mei")

    mei.goto("/frameworks/")
    mei.get_by_role("link", name=issa.version).first.click()
    expect(mei.locator("#id_new_id")).to_have_value("issa-36-harbour")
    mei.get_by_role("button", name="Start the draft").click()
    expect(mei.locator(".message.success")).to_contain_text("The draft is ready")

    mei.locator("#id_include-GOV-05").uncheck()
    mei.locator("#id_include-GOV-06").uncheck()
    mei.get_by_role("button", name="Save the selection and weights").click()
    expect(mei.locator(".message.success")).to_contain_text("Saved.")
    expect(mei.locator("#id_include-GOV-05")).not_to_be_checked()

    mei.locator("#row-GOV-01").get_by_role("link", name="Reword").click()
    mei.locator("#id_title-zh-Hant").fill(REWORDED)
    mei.get_by_role("button", name="Save the wording").click()
    expect(mei.locator("#row-GOV-01")).to_contain_text("reworded")

    mei.get_by_role("link", name="Add a local indicator").click()
    mei.locator("#id_id").fill("HC-01")
    mei.locator("#id_group").select_option("env-climate")
    for lang, title in LOCAL_TITLES.items():
        mei.locator(f"#id_title-{lang}").fill(title)
    mei.get_by_role("button", name="Save the local indicator").click()
    expect(mei.locator("#local")).to_contain_text("Typhoon shelters")
    expect(mei.locator("#check")).to_contain_text("passes every check")

    mei.get_by_role("link", name="Preview the respondent's pages").click()
    mei.locator(".language-tabs").get_by_role("link", name="繁體中文").click()
    preview = mei.locator(".preview-frame")
    expect(preview).to_have_attribute("lang", "zh-Hant")
    expect(preview.locator("h1")).to_contain_text(REWORDED)
    expect(preview).to_contain_text("佐證資料")  # the answer form's own words, in Chinese
    expect(preview.locator("fieldset[disabled]")).to_have_count(1)

    mei.locator(".breadcrumb").get_by_role("link", name="Draft issa-36-harbour@1.0.0").click()
    mei.get_by_role("button", name="Publish as issa-36-harbour@1.0.0").click()
    expect(mei.locator(".message.success")).to_contain_text("is published")

    mei.get_by_role("link", name="What changed from its base").click()
    expect(mei.locator("#dropped")).to_contain_text("GOV-05")
    expect(mei.locator("#dropped")).to_contain_text("GOV-06")
    expect(mei.locator("#added")).to_contain_text("HC-01")
    expect(mei.locator("#reworded")).to_contain_text(REWORDED)

    version = FrameworkVersion.objects.get(framework_id="issa-36-harbour")
    assert (version.city, version.derived_from) == (harbour.city, issa)
    mei.goto("/cities/harbour/rounds/new/")
    expect(mei.locator("#id_framework option")).to_contain_text(["issa-36-harbour"], timeout=5000)

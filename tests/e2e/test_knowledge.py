"""The knowledge catalogue in the browser: a secretariat loads it, a coordinator uses it.

Sam runs the secretariat of Harbour City's network. He uploads the network's catalogue from a
spreadsheet whose third row names an indicator no framework has; the page lists that row and
column and loads nothing. He corrects the cell and uploads again: the catalogue is loaded. Mei,
Harbour City's coordinator, whose signed-off round has the greenhouse-gas inventory (E1) as a key
area, opens "what helps with your key areas" from her dashboard and finds the inventory guide
under it, with the reason it was chosen, in her language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from stocktake_web.accounts.models import Role
from stocktake_web.assessments.domain import sign_off, start_reconciliation
from stocktake_web.knowledge.models import Resource

from .conftest import Harbour, SignIn, _person, submitted_round

pytestmark = pytest.mark.e2e

HEADER = "id,kind,title_en,title_zh_hant,languages,year,link,indicators,pathways\n"
GUIDE = "ghg-guide,guide,Inventory guide,溫室氣體盤查指南,en; zh-Hant,2024,https://example.org/g,E1,low_emission\n"
TYPO = "open-data,toolkit,Open data toolkit,,en,2023,https://example.org/o,G9,equitable\n"


def _upload(sam: Page, path: Path) -> None:
    sam.goto("/networks/east/catalogue/manage/")
    sam.locator("input[type=file]").set_input_files(str(path))
    sam.get_by_role("button", name="Check and load").click()


def test_a_secretariat_loads_the_catalogue_and_a_coordinator_finds_it_under_a_key_area(
    harbour: Harbour, sign_in: SignIn, tmp_path: Path
) -> None:
    network = harbour.city.network
    network.minimum_sign_off_coverage = 0
    network.save(update_fields=["minimum_sign_off_coverage"])
    round, _answer = submitted_round(harbour)
    start_reconciliation(round=round)
    sign_off(round=round, by=harbour.mei)
    _person("sam", Role.Kind.NETWORK_ADMIN, network=network)
    draft = tmp_path / "catalogue.csv"
    draft.write_text(HEADER + GUIDE + TYPO, encoding="utf-8")

    sam = sign_in("sam")
    _upload(sam, draft)
    expect(sam.locator(".message.error")).to_contain_text("Nothing was loaded")
    problem = sam.locator("table.problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("3")
    expect(problem).to_contain_text("indicators")
    expect(problem).to_contain_text("G9")
    assert not Resource.objects.exists()
    draft.write_text(HEADER + GUIDE + TYPO.replace(",G9,", ",G2,"), encoding="utf-8")
    _upload(sam, draft)
    expect(sam.locator(".message.success")).to_contain_text("New resources: 2")

    mei = sign_in("mei")
    mei.goto("/cities/harbour/")
    mei.get_by_role("link", name="What helps with your key areas").click()
    area = mei.locator("section.key-area").filter(has_text="E1")
    expect(area).to_contain_text("Inventory guide")
    expect(area).to_contain_text("Tagged with E1")
    expect(area).not_to_contain_text("Open data toolkit")

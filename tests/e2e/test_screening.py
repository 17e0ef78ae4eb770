"""A coordinator screens three candidate solutions with a panel of three departments in the
browser: each department's respondent scores on their own sheet, the coordinator sees the
ranking and its stability and downloads it."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from stocktake_web.accounts.models import Role
from stocktake_web.network.domain import add_department
from stocktake_web.screening.domain.screenings import add_solution, create_screening, set_panel

from .conftest import Harbour, SignIn, _person, opened_round

pytestmark = pytest.mark.e2e

CANDIDATES = {"Bus lanes": 5, "Green roofs": 3, "Parking sensors": 1}
"""Each candidate's score on every criterion, a department's shift added."""

CRITERIA = 7
"""The network's default screening criteria, one score each per candidate."""


def _score_sheet(page: Page, department: str, shift: int) -> None:
    page.goto("/")
    page.get_by_role("link", name="Innovation screenings to score").first.click()
    page.get_by_role("link", name=f"Score for {department}").click()
    for name, score in CANDIDATES.items():
        section = page.locator("section").filter(has=page.get_by_role("heading", name=name))
        inputs = section.locator("input.score")
        # Waits for the sheet to load: counting at once could find the page before it.
        expect(inputs).to_have_count(CRITERIA)
        for index in range(inputs.count()):
            inputs.nth(index).fill(str(max(1, min(5, score + shift))))
    page.get_by_role("button", name="Save the scores").click()
    expect(page.get_by_text("Your department's scores are saved.")).to_be_visible()


def test_a_screening_with_three_departments_from_start_to_export(
    harbour: Harbour, sign_in: SignIn
) -> None:
    transport = add_department(city=harbour.city, slug="transport", name={"en": "Transport"})
    _person("tao", Role.Kind.RESPONDENT, department=transport)
    opened_round(harbour)
    mei = sign_in("mei")

    mei.goto("/cities/harbour/")
    mei.get_by_role("link", name="Innovation screening: which candidate solutions").click()
    mei.locator("#id_title").fill("Mobility ideas")
    mei.locator("#id_method").select_option("topsis")
    mei.get_by_role("button", name="Start the screening").click()
    expect(mei.get_by_role("heading", name="Mobility ideas")).to_be_visible()
    for name in CANDIDATES:
        mei.locator("#add-solution #id_name").fill(name)
        mei.get_by_role("button", name="Add the candidate").click()
        expect(mei.locator("ul.solutions")).to_contain_text(name)
    for department in ("Environment", "Planning", "Transport"):
        mei.locator("#panel-form").get_by_label(department).check()
    mei.get_by_role("button", name="Save the panel").click()
    expect(mei.get_by_text("The panel is saved.")).to_be_visible()
    expect(mei.get_by_text("The ranking waits for a score")).to_be_visible()

    for username, department, shift in (
        ("bo", "Environment", 0),
        ("pei", "Planning", -1),
        ("tao", "Transport", 0),
    ):
        _score_sheet(sign_in(username), department, shift)

    mei.reload()
    ranking = mei.locator("table.ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text("Bus lanes")
    expect(ranking.locator("tbody tr").last).to_contain_text("Parking sensors")
    expect(mei.get_by_text("Agreement between the 3 departments")).to_be_visible()
    expect(mei.get_by_text("the first solution stays first in")).to_be_visible()
    with mei.expect_download() as download_info:
        mei.get_by_role("link", name="Download the ranking (CSV)").click()
    path = download_info.value.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("1", "Bus lanes"),
        ("2", "Green roofs"),
        ("3", "Parking sensors"),
    ]


def test_two_respondents_of_one_department_on_one_sheet_lose_nothing(
    harbour: Harbour, sign_in: SignIn
) -> None:
    _person("ema", Role.Kind.RESPONDENT, department=harbour.environment)
    screening = create_screening(
        city=harbour.city, title="Mobility ideas", round=None, method="wsm", created_by=harbour.mei
    )
    for name in CANDIDATES:
        add_solution(screening=screening, name=name, key_areas=[])
    set_panel(screening=screening, departments=[harbour.environment])
    sheet = f"/screenings/{screening.pk}/sheets/environment/"
    bo, ema = sign_in("bo"), sign_in("ema")
    bo.goto(sheet)
    ema.goto(sheet)
    bus, roofs = (
        page.locator("section").filter(has=page.get_by_role("heading", name=name))
        for page, name in ((bo, "Bus lanes"), (ema, "Green roofs"))
    )

    bus.locator("input.score").first.fill("4")
    bo.get_by_role("button", name="Save the scores").click()
    expect(bo.get_by_text("Your department's scores are saved.")).to_be_visible()
    ema_bus = ema.locator("section").filter(has=ema.get_by_role("heading", name="Bus lanes"))
    ema_bus.locator("input.score").first.fill("2")
    roofs.locator("input.score").first.fill("5")

    dialogs: list[str] = []
    ema.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    ema.get_by_role("link", name="Innovation screening · Harbour City").click()
    for _ in range(50):  # the question may come a moment after the click returns
        if dialogs:
            break
        ema.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]  # she was asked, and chose to stay
    expect(ema.get_by_role("button", name="Save the scores")).to_be_visible()

    ema.get_by_role("button", name="Save the scores").click()
    expect(ema.get_by_text("Someone else of your department saved 4 here")).to_be_visible()
    expect(ema_bus.locator("input.score").first).to_have_value("2")
    bo.reload()
    roofs_for_bo = bo.locator("section").filter(has=bo.get_by_role("heading", name="Green roofs"))
    expect(roofs_for_bo.locator("input.score").first).to_have_value("5")
    expect(bus.locator("input.score").first).to_have_value("4")

    ema.get_by_role("button", name="Save the scores").click()
    expect(ema.get_by_text("Your department's scores are saved.")).to_be_visible()
    expect(ema_bus.locator("input.score").first).to_have_value("2")

"""The network's whole scenario in a real browser, on the demonstration network.

The secretariat reads the cohort's heatmap and the key areas most cities share, forms
peer-learning groups, plans three workshops and records each as an event, and sees what moved
between the cities' two rounds. A city coordinator sees its cohort only as each city chose to
share: Kestrel Bay (cohort, anonymous) is counted but never named, Nogoon Khöndii (private) is
not there at all. Everything is reached the way a person would, by the pages' own links.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from stocktake_web.demo.domain import seed_demo
from stocktake_web.events.models import Event
from stocktake_web.network.models import Cohort
from web.test_background_kinds import run_queued_tasks

from .conftest import PASSWORD, SignIn

if TYPE_CHECKING:
    from playwright.sync_api import Page

ANONYMOUS = "Kestrel Bay"
PRIVATE = "Nogoon Khöndii"
NAMED = ("Aobaura City", "Dalbit City", "Bituin City", "Province of Bagong Liwayway")
JOB_TIMEOUT_MS = 90_000
"""A groups job on a busy two-core machine: the page polls and reloads when it is done."""


@pytest.fixture
def cohort(transactional_db: None) -> Cohort:
    seed_demo(password=PASSWORD, n_cities=7)
    return Cohort.objects.select_related("network").get()


def _overview(page: Page, cohort: Cohort) -> None:
    page.goto(f"/networks/{cohort.network.slug}/cohorts/{cohort.pk}/")


def test_the_secretariat_finds_shared_needs_forms_groups_records_workshops_and_sees_progress(
    cohort: Cohort, sign_in: SignIn
) -> None:
    secretariat = sign_in("secretariat")

    _overview(secretariat, cohort)
    secretariat.get_by_role("link", name=re.compile("^Benchmark")).click()
    heatmap = secretariat.locator("table.heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(7)
    for city in (ANONYMOUS, PRIVATE, *NAMED):
        expect(heatmap).to_contain_text(city)
    shared = secretariat.get_by_role("heading", name="Key areas for development shared by most")
    expect(shared).to_be_visible()
    most_shared = secretariat.locator("h2:has-text('shared by most') ~ .table-wrap tbody tr").first
    expect(most_shared.locator("td.number")).to_have_text(re.compile(r"^[2-7]$"))

    _overview(secretariat, cohort)
    secretariat.get_by_role("link", name="Peer-learning groups").click()
    secretariat.get_by_label("Group size (± 1)").fill("3")
    secretariat.get_by_role("button", name="Form the groups").click()
    expect(secretariat.get_by_role("heading", name="Forming the groups")).to_be_visible()
    assert run_queued_tasks() == 1
    groups = secretariat.locator("section.card h3", has_text=re.compile(r"^Group \d"))
    expect(groups.first).to_be_visible(timeout=JOB_TIMEOUT_MS)
    assert groups.count() in (2, 3)  # seven cities in groups of 3 ± 1
    expect(secretariat.get_by_text("Proven optimal")).to_be_visible()

    _overview(secretariat, cohort)
    secretariat.get_by_role("link", name="Workshop planner").click()
    secretariat.locator("#id_workshops").fill("3")
    secretariat.get_by_role("button", name="Plan the workshops").click()
    workshops = secretariat.locator("section.card", has=secretariat.locator("h3"))
    expect(workshops).to_have_count(3)
    topics = [title.split()[0] for title in workshops.locator("h3").all_inner_texts()]
    day = datetime.date.today() + datetime.timedelta(days=60)
    for number, topic in enumerate(topics):
        heading = secretariat.locator("h3", has_text=re.compile(f"^{re.escape(topic)} "))
        workshop = secretariat.locator("section.card", has=heading)
        workshop.locator("input[type=date]").fill((day + datetime.timedelta(number)).isoformat())
        workshop.get_by_role("button", name="Record as event").click()
        expect(secretariat.locator("li.message")).to_have_class(re.compile(r"\bsuccess\b"))
    recorded = Event.objects.filter(cohort=cohort, planned_topic__in=topics)
    assert sorted(recorded.values_list("planned_topic", flat=True)) == sorted(topics)

    secretariat.goto(f"/networks/{cohort.network.slug}/events/")
    for event in recorded:
        expect(secretariat.get_by_role("link", name=event.title).first).to_be_visible()
    forum = Event.objects.get(title="Mid-year forum of the community of practice")
    secretariat.goto(f"/networks/{cohort.network.slug}/events/year/{forum.start.year}/")
    expect(
        secretariat.get_by_role("heading", name=f"Activity in {forum.start.year}")
    ).to_be_visible()
    expect(secretariat.locator("main")).to_contain_text(
        "Mid-year forum of the community of practice"
    )

    _overview(secretariat, cohort)
    secretariat.get_by_role("link", name="Progress and the network's events").click()
    expect(secretariat.get_by_text("A comparison, not an effect.")).to_be_visible()
    expect(secretariat.locator("main")).to_contain_text("improved")
    secretariat.goto("/cities/bituin/progress/")
    expect(secretariat.get_by_text("Local stocktake")).to_be_visible()
    expect(secretariat.locator("main")).to_contain_text(re.compile(r"improved: \d+ indicators?"))


def _text_of(page: Page) -> str:
    return page.locator("body").inner_text()


def test_a_city_sees_its_cohort_only_as_each_city_chose_to_share(
    cohort: Cohort, sign_in: SignIn, new_page: Callable[[], Page]
) -> None:
    lanwan = sign_in("lanwan-coordinator")
    lanwan.goto("/cities/lanwan/")
    dashboard = _text_of(lanwan)

    lanwan.get_by_role("link", name=re.compile("^Benchmark against the cohort")).click()
    expect(
        lanwan.get_by_role("heading", name="Lanwan Harbour City against its cohort")
    ).to_be_visible()
    benchmark = _text_of(lanwan)

    lanwan.goto("/cities/lanwan/")
    lanwan.get_by_role("link", name=re.compile("^Place in the cohort index")).click()
    expect(
        lanwan.get_by_text("1 other city is counted in the ranks without being named.")
    ).to_be_visible()
    index = _text_of(lanwan)

    lanwan.goto("/cities/lanwan/")
    lanwan.get_by_role("link", name=re.compile("^Cities like you")).click()
    expect(lanwan.get_by_role("heading", name="Cities like you")).to_be_visible()
    peers = _text_of(lanwan)

    for page_text in (dashboard, benchmark, index, peers):
        assert ANONYMOUS not in page_text
        assert PRIVATE not in page_text
    assert all(city in index for city in NAMED)
    assert "Aobaura City" in peers

    response = lanwan.goto(f"/networks/{cohort.network.slug}/cohorts/{cohort.pk}/benchmark/")
    assert response is not None and response.status in (403, 404)

    visitor = new_page()
    visitor.goto(f"/public/{cohort.network.slug}/")
    summary = _text_of(visitor)
    assert "Lanwan Harbour City" in summary
    assert not any(city in summary for city in (ANONYMOUS, PRIVATE, *NAMED))


def test_the_anonymous_city_sees_the_named_ones_and_itself_but_not_the_private_one(
    cohort: Cohort, sign_in: SignIn
) -> None:
    kestrel = sign_in("kestrel-bay-coordinator")
    kestrel.goto("/cities/kestrel-bay/benchmark/")
    expect(kestrel.get_by_role("heading", name="Kestrel Bay against its cohort")).to_be_visible()
    kestrel.goto("/cities/kestrel-bay/index/")
    expect(kestrel.locator("main")).to_contain_text("Kestrel Bay")
    index = _text_of(kestrel)

    assert "Lanwan Harbour City" in index
    assert PRIVATE not in index

"""A real browser against the live test server: Playwright driving the system's Chromium.

Playwright never downloads a browser here; it drives the Chromium that ``.ci/run`` installs
(``CHROMIUM`` names another executable). Without one the browser tests skip, and fail under CI.
Each person gets a browser context of their own (their own cookies and language), as if on
their own computer; when a test fails, a screenshot and the HTML of every open page are kept in
``test-artifacts/`` for whoever reads the CI log.

The people: Mei coordinates Harbour City, Bo answers for its environment department and Pei
for its planning department.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from django_setup import set_up_django
from prerequisites import missing_prerequisite

set_up_django()

from django.core.cache import cache  # noqa: E402

from stocktake.frameworks import load_framework  # noqa: E402
from stocktake_web.accounts.domain import create_account, grant_role  # noqa: E402
from stocktake_web.accounts.models import Role, User  # noqa: E402
from stocktake_web.assessments.domain import (  # noqa: E402
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
    submit_department,
)
from stocktake_web.assessments.models import Answer, Round  # noqa: E402
from stocktake_web.frameworks.domain import import_framework  # noqa: E402
from stocktake_web.frameworks.models import FrameworkVersion  # noqa: E402
from stocktake_web.network.domain import add_city, add_department, create_network  # noqa: E402
from stocktake_web.network.models import City, Department  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PILOT = ROOT / "tests" / "web" / "data" / "pilot.yaml"
PASSWORD = "harbour lights at dusk"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless in a container: no sandbox (we may be root), no GPU, and none of Chromium's own
# traffic (updates, sync, field trials), which a machine without internet refuses noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Long enough for a cold first page on a loaded two-core machine, short enough to fail fast.
TIMEOUT_MS = 15_000
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

SignIn = Callable[[str], "Page"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so the page fixtures know whether it failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when they are done.

    Playwright's synchronous API keeps an asyncio loop in this thread while the browser is
    open, and Django refuses database calls from a thread with a loop, to protect async code.
    Nothing here is async (the loop only waits between browser calls), so that check is turned
    off for exactly as long as the browser is open.
    """
    if not Path(CHROMIUM).is_file():
        missing_prerequisite(
            f"Browser tests need Chromium at {CHROMIUM}: install Debian's 'chromium' package "
            "or set CHROMIUM to its executable."
        )
    from playwright.sync_api import expect, sync_playwright

    # The assertions wait as long as the actions: an autosave on a loaded machine may take more
    # than Playwright's default of five seconds to come back.
    expect.set_options(timeout=TIMEOUT_MS)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Page]]:
    """Open pages, each in a fresh context, with relative URLs going to the live server.

    Contexts ask for English, so a test that wants another language chooses it the way a
    person would. Whatever the browser refuses under the Content-Security-Policy (an inline
    script or style, a handler attribute) fails the test once it is done: the policy would
    break that part of the page for everyone.
    """
    pages: list[Page] = []
    refused: list[str] = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("console", lambda message: _note_refusal(message.text, page.url, refused))
        pages.append(page)
        return page

    yield open_page
    if _failed(request.node):
        for number, page in enumerate(pages, start=1):
            _keep_artifacts(page, f"{request.node.nodeid}-{number}")
    for page in pages:
        page.context.close()
    if refused:
        pytest.fail("The Content-Security-Policy refused:\n" + "\n".join(refused))


def _note_refusal(text: str, url: str, refused: list[str]) -> None:
    """Chromium reports each thing the policy blocks as a console message naming the policy."""
    if "Content Security Policy" in text:
        refused.append(f"{url}: {text}")


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture
def sign_in(new_page: Callable[[], Page]) -> SignIn:
    """``sign_in("mei")``: a new browser of that person's, signed in through the form."""

    def signed_in(username: str) -> Page:
        page = new_page()
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
        return page

    return signed_in


def _failed(item: pytest.Item) -> bool:
    reports = item.stash.get(_REPORTS, {})
    return any(report.failed for report in reports.values())


def _keep_artifacts(page: Page, name: str) -> None:
    """Screenshot and HTML of the page as the failure left it."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")
    try:
        page.screenshot(path=ARTIFACTS / f"{stem}.png", full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # the page itself may be what broke; say so and keep going
        (ARTIFACTS / f"{stem}.txt").write_text(f"no screenshot: {exc}\n", encoding="utf-8")


@dataclass
class Harbour:
    """Harbour City, its two departments, its people and the framework it assesses against."""

    city: City
    environment: Department
    planning: Department
    framework: FrameworkVersion
    mei: User
    bo: User
    pei: User


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing kept from another test's pages."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    """Hash the people's passwords quickly: the strength of the hash is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str, kind: str, **place: City | Department) -> User:
    user = create_account(username=username, password=PASSWORD)
    grant_role(user=user, kind=kind, **place)  # type: ignore[arg-type]
    return user


@pytest.fixture
def harbour(transactional_db: None) -> Harbour:
    network = create_network(slug="east", name="East Network")
    city = add_city(
        network=network,
        slug="harbour",
        name={"en": "Harbour City", "zh-Hant": "港灣市"},
        country="TW",
        population=250_000,
        joined=datetime.date(2024, 3, 1),
    )
    environment = add_department(
        city=city, slug="environment", name={"en": "Environment", "zh-Hant": "環境保護局"}
    )
    planning = add_department(
        city=city, slug="planning", name={"en": "Planning", "zh-Hant": "都市發展局"}
    )
    return Harbour(
        city=city,
        environment=environment,
        planning=planning,
        framework=import_framework(framework=load_framework(PILOT)),
        mei=_person("mei", Role.Kind.COORDINATOR, city=city),
        bo=_person("bo", Role.Kind.RESPONDENT, department=environment),
        pei=_person("pei", Role.Kind.RESPONDENT, department=planning),
    )


def opened_round(harbour: Harbour) -> Round:
    """Harbour City's round "2025", open for a month, every indicator assigned by Mei."""
    round = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=round, by=harbour.mei)
    return round


def submitted_round(harbour: Harbour) -> tuple[Round, Answer]:
    """A round of Harbour City in which Bo (environment) answered E1 at level 1 and submitted."""
    round = opened_round(harbour)
    answer = Answer.objects.get(
        assignment__round=round,
        assignment__indicator="E1",
        assignment__department__slug="environment",
    )
    save_answer(answer=answer, user=harbour.bo, base_version=0, content=AnswerContent(value="1"))
    submit_department(round=round, department=harbour.environment, by=harbour.bo)
    return round, answer

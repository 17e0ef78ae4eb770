"""Small things every page and the development server get right."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from .conftest import Cast

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_names_the_icon_and_the_icon_is_served(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    page = client.get(reverse("dashboards:city", args=[cast.harbour.slug])).content.decode()
    assert '<link rel="icon" href="/static/stocktake_web/favicon.svg" type="image/svg+xml">' in page
    icon = finders.find("stocktake_web/favicon.svg")
    assert icon is not None
    assert Path(icon).read_text().startswith("<svg")


def _planned_run(*arguments: str) -> str:
    """What ``make run`` would do, without doing it."""
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_run_serves_on_port_8000_unless_told_another() -> None:
    assert "runserver --noreload 127.0.0.1:8000" in _planned_run()
    assert "runserver --noreload 127.0.0.1:8123" in _planned_run("PORT=8123")

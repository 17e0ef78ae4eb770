"""Every response carries a strict Content-Security-Policy and a Permissions-Policy; signed-in
pages and downloads are never stored by a cache. No page holds inline code the policy refuses."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.security_headers import CONTENT_SECURITY_POLICY

from .conftest import Cast
from .test_permissions import _file_url

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "stocktake_web"
STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
DENIED = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def _directives(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def _cache_control(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def _assert_policies(response: HttpResponse) -> None:
    assert _directives(response) >= STRICT
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    assert all(feature in policy for feature in DENIED)


# -- headers -------------------------------------------------------------------------------------


def test_the_sign_in_page_has_both_policies(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    _assert_policies(response)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("person", "url"),
    [
        ("alice", lambda cast: reverse("home")),
        ("alice", lambda cast: reverse("dashboards:city", args=["harbour"])),
        ("alice", lambda cast: reverse("assessments:round", args=[cast.round.pk])),
        ("bob", lambda cast: reverse("assessments:answer", args=[cast.answer("E1").pk])),
        ("sam", lambda cast: reverse("dashboards:cohort", args=["east", cast.cohort.pk])),
        ("sam", lambda cast: reverse("audit:log", args=["east"])),
    ],
    ids=["home", "city", "round", "indicator", "cohort", "audit log"],
)
def test_signed_in_pages_have_both_policies_and_are_never_stored(
    cast: Cast, client: Client, person: str, url: object
) -> None:
    client.force_login(getattr(cast, person))

    response = client.get(url(cast))  # type: ignore[operator]

    assert response.status_code == 200
    _assert_policies(response)
    assert "no-store" in _cache_control(response)


@pytest.mark.parametrize("name", ["answers_csv", "results_csv", "results_xlsx"])
def test_exports_have_both_policies_and_are_never_stored(
    cast: Cast, client: Client, name: str
) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse(f"dashboards:{name}", args=[cast.round.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _assert_policies(response)
    assert "no-store" in _cache_control(response)


def test_an_evidence_download_is_never_stored(cast: Cast, client: Client) -> None:
    url = _file_url(cast)
    client.force_login(cast.bob)

    response = client.get(url)
    response.close()

    assert response.status_code == 200
    _assert_policies(response)
    assert "no-store" in _cache_control(response)


@pytest.mark.parametrize(
    ("person", "url", "status"),
    [
        (None, "/no/such/page/", 404),
        ("charlie", "/cities/harbour/", 404),
        ("bob", "/cities/harbour/", 403),
    ],
    ids=["not-found-visitor", "not-found-signed-in", "forbidden"],
)
def test_error_pages_have_both_policies(
    cast: Cast, client: Client, person: str | None, url: str, status: int
) -> None:
    if person:
        client.force_login(getattr(cast, person))

    response = client.get(url)

    assert response.status_code == status
    _assert_policies(response)
    assert ("no-store" in _cache_control(response)) == (person is not None)


def test_the_paused_sign_in_page_has_both_policies(cast: Cast, client: Client) -> None:
    for n in range(5):
        response = client.post(reverse("accounts:login"), {"username": "bob", "password": n})

    assert response.status_code == 429
    _assert_policies(response)


def test_the_administration_site_has_both_policies(cast: Cast, admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:accounts_user_change", args=[cast.bob.pk]))

    assert response.status_code == 200
    _assert_policies(response)
    assert "no-store" in _cache_control(response)


def test_debug_error_pages_keep_their_inline_styles_working(
    client: Client, db: None, settings: SettingsWrapper
) -> None:
    """Django's own debug pages are inline styles and scripts: with DEBUG on, they go out
    without the policy, which would otherwise leave a developer an unreadable page."""
    settings.DEBUG = True

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" not in response
    assert "Permissions-Policy" in response


# -- nothing inline for the policy to refuse ------------------------------------------------------


class _InlineCode(HTMLParser):
    """Inline scripts, style elements and attributes, event handlers and javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}">')
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f'<{tag} {name}="{value}">')


def _inline_code(html: str) -> list[str]:
    reader = _InlineCode()
    reader.feed(html)
    return reader.found


def test_no_template_holds_inline_code() -> None:
    found = {
        str(path.relative_to(TEMPLATES)): inline
        for path in TEMPLATES.rglob("templates/**/*.html")
        if (inline := _inline_code(path.read_text(encoding="utf-8")))
    }

    assert found == {}


def test_no_rendered_page_holds_inline_code(cast: Cast, client: Client) -> None:
    """The pages as sent, including HTML that Python code builds (charts, table rows)."""
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )
    pages = [
        (None, reverse("accounts:login")),
        ("alice", reverse("home")),
        ("alice", reverse("dashboards:city", args=["harbour"])),
        ("alice", reverse("assessments:round", args=[cast.round.pk])),
        ("alice", reverse("assessments:open_round", args=["harbour"])),
        ("bob", reverse("assessments:department", args=[cast.round.pk, "environment"])),
        ("bob", reverse("assessments:answer", args=[cast.answer("G1").pk])),
        ("bob", reverse("assessments:answer_history", args=[cast.answer("G1").pk])),
        ("sam", reverse("dashboards:network", args=["east"])),
        ("sam", reverse("dashboards:cohort", args=["east", cast.cohort.pk])),
        ("sam", reverse("audit:log", args=["east"])),
        ("bob", "/cities/hillside/"),
    ]
    found = {}
    for person, url in pages:
        client.logout()
        if person:
            client.force_login(getattr(cast, person))
        html = client.get(url).content.decode()
        if inline := _inline_code(html):
            found[url] = inline

    assert found == {}


def test_the_administration_pages_hold_no_inline_code(cast: Cast, admin_client: Client) -> None:
    admin = User.objects.get(username="admin")
    urls = [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[admin.pk]),
        reverse("admin:network_city_add"),
        reverse("admin:audit_auditevent_changelist"),
    ]

    found = {url: _inline_code(admin_client.get(url).content.decode()) for url in urls}

    assert found == {url: [] for url in urls}

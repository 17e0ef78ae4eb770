"""Notifications reach a real SMTP server through Django's SMTP backend.

The server is aiosmtpd's, on 127.0.0.1 and a free port, started for each test; its handler
keeps every message it accepts, parsed, so the test reads what a mail client would.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.test import override_settings

from stocktake_web.accounts.domain import grant_role
from stocktake_web.accounts.models import Role
from stocktake_web.assessments.domain import assign_indicators, submit_department
from stocktake_web.network.domain import add_department
from stocktake_web.notifications.models import Notification

from .conftest import Cast


@dataclass
class Collecting:
    """An aiosmtpd handler that accepts every message and keeps it with its envelope."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collecting, int]]:
    handler = Collecting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=5,
        ):
            yield handler, port
    finally:
        controller.stop()


def _subject(message: EmailMessage) -> str:
    """The decoded subject; a long encoded one is folded onto a second header line, whose
    leading space mail clients drop."""
    return str(message["Subject"]).strip()


def _water_for_bob(cast: Cast, language: str) -> Any:
    cast.bob.email = "bob@example.org"
    cast.bob.language = language
    cast.bob.save(update_fields=["email", "language"])
    water = add_department(
        city=cast.harbour, slug="water", name={"en": "Water", "zh-Hant": "水務局"}
    )
    grant_role(user=cast.bob, kind=Role.Kind.RESPONDENT, department=water)
    return water


def test_an_assignment_arrives_at_the_smtp_server_with_a_chinese_subject_intact(
    cast: Cast, smtp_server: tuple[Collecting, int], django_capture_on_commit_callbacks: Any
) -> None:
    handler, _port = smtp_server
    water = _water_for_bob(cast, "zh-hant")

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("G1", water), ("E1", water)])

    assert len(handler.received) == 1
    recipients, message = handler.received[0]
    assert recipients == ["bob@example.org"]
    assert message["To"] == "bob@example.org"
    assert _subject(message) == "Harbour City（中文） · 2025 · 已指派 2 項指標給水務局"
    body = message.get_content()
    assert "您好" in body
    assert "已有 2 項指標指派給您負責填答的水務局" in body
    assert Notification.objects.get().email == Notification.Email.SENT


def test_several_recipients_each_get_their_own_message_in_their_own_language(
    cast: Cast, smtp_server: tuple[Collecting, int], django_capture_on_commit_callbacks: Any
) -> None:
    handler, _port = smtp_server
    water = _water_for_bob(cast, "ja")
    cast.bea.email = "bea@example.org"
    cast.bea.save(update_fields=["email"])
    grant_role(user=cast.bea, kind=Role.Kind.RESPONDENT, department=water)

    with django_capture_on_commit_callbacks(execute=True):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("G1", water)])

    subjects = {recipients[0]: _subject(message) for recipients, message in handler.received}
    assert subjects == {
        "bob@example.org": "Harbour City · 2025 · Waterに指標 1 件が割り当てられました",
        "bea@example.org": "Harbour City · 2025 · 1 indicator assigned to Water",
    }


def test_a_server_that_is_not_there_never_breaks_the_action(
    cast: Cast, django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    cast.alice.email = "alice@example.org"
    cast.alice.save(update_fields=["email"])

    nowhere = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_free_port(),  # nothing listens there
        EMAIL_TIMEOUT=2,
    )
    with nowhere, django_capture_on_commit_callbacks(execute=True):
        submission = submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    assert submission.pk is not None
    notification = Notification.objects.get()
    assert notification.email == Notification.Email.FAILED
    assert "ConnectionRefusedError" in notification.email_error
    assert "E-mail not sent for notification(s)" in caplog.text

"""A notification in words: its one-line subject and its e-mail, in the reader's language.

The subject is also the notification's line in the list in the application, so both say the
same thing. E-mails are written in the recipient's language, whatever language the person who
acted was using: their own choice (``User.language``), else the site's default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from stocktake_web.accounts.models import User
from stocktake_web.languages import localised
from stocktake_web.notifications.models import Notification


def language_of(person: User) -> str:
    """The interface language closest to the person's choice; the site's default without one
    (or with one the site does not offer)."""
    if person.language:
        try:
            return translation.get_supported_language_variant(person.language.lower())
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def subject_line(notification: Notification) -> str:
    """The notification in one line, in the active language."""
    text = render_to_string(_template(notification, "subject"), _context(notification))
    return " ".join(text.split())


def email_for(
    notification: Notification, *, connection: BaseEmailBackend | None = None
) -> EmailMessage:
    """The e-mail of a notification, to its recipient, in the recipient's language."""
    person = notification.recipient
    with translation.override(language_of(person)):
        subject = subject_line(notification)
        body = render_to_string(_template(notification, "body"), _context(notification))
    return EmailMessage(
        subject=subject,
        body=body,
        to=[person.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )


def _template(notification: Notification, part: str) -> str:
    suffix = "_subject" if part == "subject" else ""
    return f"notifications/email/{notification.kind}{suffix}.txt"


def _context(notification: Notification) -> dict[str, Any]:
    round = notification.round
    person = notification.recipient
    site = settings.SITE_URL.rstrip("/")
    return {
        "notification": notification,
        "name": person.get_full_name() or person.get_username(),
        "city": localised(round.city.name),
        "round": round.name,
        "deadline": round.deadline,
        "department": localised(notification.department.name) if notification.department else "",
        "url": site + notification.link,
        "preferences_url": site + reverse("notifications:settings"),
    }

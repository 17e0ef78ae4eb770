"""E-mailing notifications, after the change they tell of has been committed.

A mail server that refuses, or does not answer within ``EMAIL_TIMEOUT``, costs the person who
acted no more than that wait: the failure is logged in one line and kept on each notification
it concerned, which stays in the recipient's list in the application.
"""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import get_connection

from stocktake_web.notifications.interfaces.emails import email_for
from stocktake_web.notifications.models import Notification

logger = logging.getLogger(__name__)

MailError = (smtplib.SMTPException, OSError)
"""What a mail server that refuses, drops or never answers raises (a timeout is an OSError)."""


def deliver(notification_ids: list[int]) -> int:
    """E-mail the notifications still waiting among ``notification_ids``, over one connection.

    Returns how many were sent. One refused message (an address the server rejects) fails
    alone; a server that cannot be reached fails them all without trying each in turn.
    """
    waiting = list(
        Notification.objects.filter(pk__in=notification_ids, email=Notification.Email.PENDING)
        .select_related("recipient", "round__city", "department")
        .order_by("pk")
    )
    if not waiting:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except MailError as exc:
        _failed(waiting, exc)
        return 0
    sent = 0
    try:
        for notification in waiting:
            try:
                connection.send_messages([email_for(notification, connection=connection)])
            except MailError as exc:
                _failed([notification], exc)
            else:
                _record(notification, Notification.Email.SENT, "")
                sent += 1
    finally:
        try:
            connection.close()
        except MailError:
            logger.warning("The mail server's connection did not close cleanly.")
    return sent


def _failed(notifications: list[Notification], exc: BaseException) -> None:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    logger.warning(
        "E-mail not sent for notification(s) %s: %s",
        ", ".join(str(notification.pk) for notification in notifications),
        error,
    )
    for notification in notifications:
        _record(notification, Notification.Email.FAILED, error)


def _record(notification: Notification, outcome: str, error: str) -> None:
    notification.email, notification.email_error = outcome, error
    Notification.objects.filter(pk=notification.pk).update(email=outcome, email_error=error)

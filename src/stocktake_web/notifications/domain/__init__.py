"""Telling people what happened: notifications written, e-mailed, listed and chosen."""

from stocktake_web.notifications.domain.inbox import (
    NOTIFICATIONS_PER_PAGE,
    mark_read,
    notification_of,
    notifications_page,
    unread_count,
)
from stocktake_web.notifications.domain.preferences import choose_notifications, kinds_received
from stocktake_web.notifications.domain.reminders import RemindersSent, send_reminders
from stocktake_web.notifications.domain.send import (
    notify_assignment,
    notify_revision_requested,
    notify_signed_off,
    notify_submission,
)

__all__ = [
    "NOTIFICATIONS_PER_PAGE",
    "RemindersSent",
    "choose_notifications",
    "kinds_received",
    "mark_read",
    "notification_of",
    "notifications_page",
    "notify_assignment",
    "notify_revision_requested",
    "notify_signed_off",
    "notify_submission",
    "send_reminders",
    "unread_count",
]

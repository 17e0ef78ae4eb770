"""A person's notifications in the application: the list, what is unread, marking them read."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils import timezone

from stocktake_web.accounts.models import User
from stocktake_web.notifications.models import Notification

NOTIFICATIONS_PER_PAGE = 50
"""Notifications per page: two queries a page (count and rows), however many a person has."""


def notifications_page(person: User, *, number: str | int | None) -> Page[Notification]:
    """Page ``number`` of the person's notifications, newest first; a number that is not a page
    gives the first page, one past the end the last, as every list of the site does."""
    mine = Notification.objects.filter(recipient=person).select_related(
        "recipient", "round__city", "department"
    )
    return Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(number)


def unread_count(person: User) -> int:
    """One query, on the index of unread notifications."""
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def notification_of(person: User, notification_id: int) -> Notification | None:
    """The person's own notification; anybody else's does not exist for them."""
    return Notification.objects.filter(recipient=person, pk=notification_id).first()


def mark_read(*, person: User, notification: Notification | None = None) -> int:
    """Mark one of the person's notifications read, or (without one) all of them; the time of
    a first reading is kept. Returns how many were unread."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())

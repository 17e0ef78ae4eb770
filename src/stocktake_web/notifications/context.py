"""The count of unread notifications in every page's header."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from stocktake_web.accounts.models import User
from stocktake_web.notifications.domain import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """``unread_notifications``: counted by one query when a page shows it, once per request
    however many templates of the request ask."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: unread_count(user)
        )
    return {"unread_notifications": request._unread_notifications}  # type: ignore[attr-defined]

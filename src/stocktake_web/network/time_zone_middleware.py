"""Every page shows dates and times in the signed-in person's network's time zone.

The zone's name is looked up when the person signs in (one query) and kept in their session, so
pages cost no query for it. Saving a network or changing anyone's roles (which may move a person
to another network) stamps a new mark in the shared cache; a session holding another mark looks
its zone up again on its next page. So a secretariat's change of zone shows on everyone's next
page, at the price of one cache read per page (Redis in production, docs/deployment.md).
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stocktake_web.accounts.models import Role, User
from stocktake_web.network.domain.time_zones import time_zone_name_of
from stocktake_web.network.models import Network

SESSION_KEY = "network_time_zone"
MARK_SESSION_KEY = "network_time_zone_mark"
MARK_CACHE_KEY = "network-time-zones-mark"
"""The cache entry whose value changes whenever a person's network zone may have changed."""


def _mark() -> str:
    return str(cache.get(MARK_CACHE_KEY, ""))


@receiver(post_save, sender=Network)
@receiver(post_delete, sender=Network)
@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def _zones_may_have_changed(sender: Any, **kwargs: Any) -> None:
    cache.set(MARK_CACHE_KEY, uuid.uuid4().hex, timeout=None)


def _remember(request: HttpRequest, user: User) -> None:
    request.session[SESSION_KEY] = time_zone_name_of(user)
    request.session[MARK_SESSION_KEY] = _mark()


@receiver(user_logged_in)
def _keep_time_zone(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        _remember(request, user)


class NetworkTimeZoneMiddleware:
    """Activates the network's zone for a signed-in person, the site's zone for others."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = _zone(request)
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if SESSION_KEY not in request.session or request.session.get(MARK_SESSION_KEY) != _mark():
        _remember(request, user)
    name = request.session[SESSION_KEY]
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None

"""Every page shows dates and times in the signed-in person's network's time zone.

The zone's name is looked up once, when the person signs in (one query), and kept in their
session, so pages cost no query for it; a session from before this was kept looks it up on its
first page. A change of the network's zone reaches a person at their next sign-in.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stocktake_web.accounts.models import User
from stocktake_web.network.domain.time_zones import time_zone_name_of

SESSION_KEY = "network_time_zone"


@receiver(user_logged_in)
def _keep_time_zone(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = time_zone_name_of(user)


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
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = time_zone_name_of(user)
    name = request.session[SESSION_KEY]
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None

"""Sign-in throttling with django-axes: by account and by address, each with its own limit.

Axes counts failed sign-ins in the database (so every gunicorn worker sees the same count) and
compares the larger count with one limit. An address is shared by a whole city hall behind one
NAT, so it gets a higher limit than one account: :class:`SignInThrottle` scales the address's
count so that it reaches axes' limit exactly when it reaches its own. Failures are forgotten
``AXES_COOLOFF_TIME`` after the last one; a failure while paused starts the pause again, so the
time to retry is always the pause counted from now.
"""

from __future__ import annotations

import datetime
import hashlib
from http import HTTPStatus
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stocktake_web.accounts.interfaces.clients import client_address

# What each group of AXES_LOCKOUT_PARAMETERS counts, and the setting holding its limit.
LIMIT_OF_PARAMETERS: dict[tuple[str, ...], str] = {
    ("username",): "AXES_FAILURE_LIMIT",
    ("ip_address",): "STOCKTAKE_SIGN_IN_ADDRESS_LIMIT",
}


class SignInThrottle(AxesDatabaseHandler):
    """Axes' database handler, with a limit for each group of lockout parameters."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures of the group nearest its limit, on the scale of ``AXES_FAILURE_LIMIT``.

        ``failures * account_limit // group_limit`` reaches the account limit exactly when
        ``failures`` reaches the group's own limit, so axes' one comparison applies each limit.
        """
        account_limit: int = settings.AXES_FAILURE_LIMIT
        groups = zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        )
        return max(
            _failures(attempts) * account_limit // _limit(parameters)
            for parameters, attempts in groups
        )


def _failures(attempts: QuerySet[Any]) -> int:
    total: int | None = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def _limit(parameters: list[str]) -> int:
    limit: int = getattr(settings, LIMIT_OF_PARAMETERS[tuple(parameters)])
    return limit


def retry_at(request: HttpRequest) -> datetime.datetime:
    """When signing in is possible again: the pause, from this (failed) attempt."""
    attempted: datetime.datetime = getattr(request, "axes_attempt_time", None) or timezone.now()
    pause: datetime.timedelta = get_cool_off(request) or datetime.timedelta(0)
    return attempted + pause


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page that says signing in is paused and until when: HTTP 429 with ``Retry-After``.

    Axes calls this (``AXES_LOCKOUT_CALLABLE``) instead of the sign-in page it would have sent.
    """
    until = retry_at(request)
    seconds = max(0, round((until - timezone.now()).total_seconds()))
    minutes = max(1, -(-seconds // 60))
    response = render(
        request,
        "accounts/locked_out.html",
        {"until": until, "minutes": minutes},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    return response


# -- password reset requests ----------------------------------------------------------------------

RESET_REQUESTS_PER_ADDRESS = 3
"""Reset e-mails to one address per pause: enough for a lost e-mail, too few to flood a box."""


def allow_reset_request(request: HttpRequest, email: str) -> bool:
    """Count a reset request, by e-mail address and by client address; False past either limit.

    The counts live in the cache for ``AXES_COOLOFF_TIME`` from the first request, like
    sign-in failures; the answer is the same whether or not an account has that address.
    """
    pause = int(settings.AXES_COOLOFF_TIME.total_seconds())
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    counts = (
        (f"password-reset:email:{digest}", RESET_REQUESTS_PER_ADDRESS),
        (
            f"password-reset:client:{client_address(request)}",
            settings.STOCKTAKE_SIGN_IN_ADDRESS_LIMIT,
        ),
    )
    allowed = True
    for key, limit in counts:
        cache.add(key, 0, pause)
        allowed = cache.incr(key) <= limit and allowed
    return allowed

"""Headers every response carries: a strict Content-Security-Policy, a Permissions-Policy that
denies powerful browser features, and ``Cache-Control: no-store`` wherever private data goes.

Django 5.2 has no Content-Security-Policy of its own (it arrives in 6.0). The policy here is one
constant string: every script and style is a file of our own, no template holds inline code,
style attributes or ``on…`` handlers, so no nonce is needed and neither is django-csp, whose
settings, nonces and per-view decorators would all go unused.

Signed-in pages and every download hold one city's or one person's data. ``no-store`` keeps
them out of the browser's cache and any shared cache, so the back button after signing out, or
the next person on a shared office computer, finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Features the application never uses; "()" allows them to no page, not even our own.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)
# Django's debug pages (DEBUG only) are made of inline styles and scripts.
_DEBUG_PAGE_STATUSES = frozenset({404, 500})


class SecurityHeadersMiddleware:
    """Adds the headers to every response that reaches Django (static files are served before)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not (settings.DEBUG and response.status_code in _DEBUG_PAGE_STATUSES):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _is_private(request, response):
            patch_cache_control(response, no_store=True)
        return response


def _is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A response to a signed-in person, or a file to download."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return signed_in or response.get("Content-Disposition", "").startswith("attachment")

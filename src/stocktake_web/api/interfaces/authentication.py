"""Who calls the API: a bearer token, never the session.

A browser's session cookie would let any page the person visits write through the API without
the CSRF token the pages demand, so the API reads tokens only, for reads and writes alike (one
rule is easier to keep than two). Failed attempts (a token sent that is not one) are counted per
client address and refused for a while once too many: a token cannot be guessed one request at
a time. A request with no token at all is a plain 401 and not counted.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from stocktake_web.accounts.interfaces.clients import client_address
from stocktake_web.accounts.models import User
from stocktake_web.api.domain.tokens import user_of_token

#: failed token attempts a client address may make within :data:`FAILURE_WINDOW` seconds
FAILURES_ALLOWED = 20
FAILURE_WINDOW = 15 * 60


class TokenAuthentication(HttpBearer):
    """``Authorization: Bearer <token>``; the request's user becomes the token's owner."""

    def __call__(self, request: HttpRequest) -> User | None:
        key = f"api-token-failures:{client_address(request)}"
        if cache.get(key, 0) >= FAILURES_ALLOWED:
            raise HttpError(429, _("Too many failed token attempts; wait a quarter of an hour."))
        user = super().__call__(request)
        if user is None and "Authorization" in request.headers:
            cache.add(key, 0, FAILURE_WINDOW)
            cache.incr(key)
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_of_token(token)
        if user is not None:
            request.user = user
        return user

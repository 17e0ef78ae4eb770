"""Making, revoking and recognising API tokens.

A token is 32 random bytes, URL-safe; the database keeps its SHA-256 digest only, so a token is
looked up by its digest and can be shown to its owner only once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from stocktake_web.accounts.models import User
from stocktake_web.api.models import TOKEN_NAME_MAX_LENGTH, ApiToken

#: a token presented longer than this is not one of ours, whatever it holds
TOKEN_MAX_LENGTH = 200


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the token itself to show once."""
    token = secrets.token_urlsafe(32)
    label = name.strip()[:TOKEN_NAME_MAX_LENGTH] or "API"
    row = ApiToken.objects.create(user=user, name=label, digest=token_digest(token))
    return row, token


def revoke_token(*, user: User, token_id: int) -> bool:
    """Revoke ``user``'s token ``token_id``; False when they have no such token not revoked."""
    revoked = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return revoked == 1


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show when)."""
    return list(ApiToken.objects.filter(user=user))


def user_of_token(token: str) -> User | None:
    """The active user a token not revoked belongs to, noting when it was used; else None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user

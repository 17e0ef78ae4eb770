"""Sign-ins, refused sign-ins and paused sign-ins, recorded from the signals that announce them.

Django sends ``user_logged_in`` and ``user_login_failed`` from every way of signing in (the
sign-in page, the administration site's); django-axes sends ``user_locked_out`` each time it
refuses an attempt because signing in is paused.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed

from stocktake_web.accounts.models import User
from stocktake_web.audit.domain import record_event
from stocktake_web.audit.models import AuditEvent


def connect() -> None:
    user_logged_in.connect(record_signed_in, dispatch_uid="audit_signed_in")
    user_login_failed.connect(record_sign_in_refused, dispatch_uid="audit_sign_in_refused")
    user_locked_out.connect(record_sign_in_paused, dispatch_uid="audit_sign_in_paused")


def record_signed_in(sender: object, user: User, **kwargs: Any) -> None:
    record_event(kind=AuditEvent.Kind.SIGNED_IN, actor=user)


def record_sign_in_refused(sender: object, credentials: dict[str, Any], **kwargs: Any) -> None:
    typed = str(credentials.get(User.USERNAME_FIELD) or "")
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, actor=_account(typed), actor_name=typed)


def record_sign_in_paused(sender: object, username: str | None, **kwargs: Any) -> None:
    typed = username or ""
    record_event(kind=AuditEvent.Kind.SIGN_IN_PAUSED, actor=_account(typed), actor_name=typed)


def _account(username: str) -> User | None:
    """The account a typed user name belongs to, so its network's secretariat sees the event."""
    return User.objects.filter(username=username).first() if username else None

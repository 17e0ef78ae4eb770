"""The demo's member of staff: someone to show the administration site with, who cannot break it.

``admin-demo`` may view and change the application's records in the administration site but
not delete a round or touch the audit log, and not change accounts or groups (which would let
it make itself a superuser). It exists only in a demonstration database.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from stocktake_web.accounts.models import User

STAFF_USERNAME = "admin-demo"
STAFF_GROUP = "Demonstration staff"
EMAIL_DOMAIN = "example.org"
"""Reserved for examples (RFC 2606): a demo e-mail can never reach a real person."""

WITHHELD = (
    Q(codename__in=["delete_round"])
    | Q(content_type__app_label="audit", codename__regex=r"^(add|change|delete)_")
    | Q(content_type__app_label="accounts", codename__regex=r"^(add|change|delete)_user$")
    | Q(content_type__app_label="auth")
)
"""What the demo's staff may not do: delete rounds, write the audit log, edit accounts' rights."""


def demo_email(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"


def add_demo_staff(*, password_hash: str) -> User:
    """The staff account and its group, made once (seeding again finds them)."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.set(Permission.objects.exclude(WITHHELD))
    staff = User.objects.filter(username=STAFF_USERNAME).first()
    if staff is None:
        staff = User(username=STAFF_USERNAME, email=demo_email(STAFF_USERNAME), is_staff=True)
        staff.password = password_hash
        staff.save()
    staff.groups.add(group)
    return staff


def remove_demo_staff() -> None:
    User.objects.filter(username=STAFF_USERNAME).delete()
    Group.objects.filter(name=STAFF_GROUP).delete()

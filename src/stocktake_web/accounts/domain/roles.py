"""Accounts and the roles that say what each person may do, and where."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.domain import record_role_granted, record_role_revoked
from stocktake_web.network.models import City, Department, Network

# The one field of a role that names its place, by kind; the others stay empty.
PLACE_OF_ROLE: dict[Role.Kind, str] = {
    Role.Kind.NETWORK_ADMIN: "network",
    Role.Kind.COORDINATOR: "city",
    Role.Kind.VIEWER: "city",
    Role.Kind.RESPONDENT: "department",
}
ROLE_PLACES = ("network", "city", "department")


def create_account(
    *,
    username: str,
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
    full_name: str = "",
) -> User:
    """Create an account from a password, or from an already hashed one (``make_password``).

    Hashing is deliberately slow; the demo hashes its one shared password once for all
    its accounts.
    """
    first, _space, last = full_name.partition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last)
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    return user


def grant_role(
    *,
    user: User,
    kind: str,
    network: Network | None = None,
    city: City | None = None,
    department: Department | None = None,
    by: User | None = None,
) -> Role:
    """Give ``user`` a role; the place must fit the kind (a database constraint checks it too).

    Granting a role the user already holds returns the existing one. A new role is recorded in
    the audit log as given ``by`` that person (``None``: by the system, such as the demo).
    """
    if kind not in PLACE_OF_ROLE:
        raise ValueError(f"there is no role '{kind}'")
    places = dict(zip(ROLE_PLACES, (network, city, department), strict=True))
    given = [place for place in places.values() if place is not None]
    if places[PLACE_OF_ROLE[Role.Kind(kind)]] is None or len(given) != 1:
        raise ValueError(f"a {kind} role needs exactly its own kind of place")
    with transaction.atomic():
        role, created = Role.objects.get_or_create(
            user=user, kind=kind, network=network, city=city, department=department
        )
        if created:
            record_role_granted(role=role, by=by)
    return role


def revoke_role(*, role: Role, by: User | None) -> None:
    """Take a role away from its holder, and record who did."""
    with transaction.atomic():
        record_role_revoked(role=role, by=by)
        role.delete()


def _held(role: Role) -> tuple[str, int | None, int | None, int | None]:
    return (role.kind, role.network_id, role.city_id, role.department_id)


def record_role_changes(*, before: Iterable[Role], after: Iterable[Role], by: User | None) -> None:
    """Record what changed between two readings of one person's roles.

    For forms that save roles themselves (the administration site's): a role no longer held is
    recorded as taken away, a new one as given; a role moved to another place or kind is both.
    """
    held_before = {_held(role): role for role in before}
    held_after = {_held(role): role for role in after}
    for key, role in held_before.items():
        if key not in held_after:
            record_role_revoked(role=role, by=by)
    for key, role in held_after.items():
        if key not in held_before:
            record_role_granted(role=role, by=by)

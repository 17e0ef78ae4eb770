"""Accounts and the roles that say what each person may do, and where."""

from __future__ import annotations

from stocktake_web.accounts.models import Role, User
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
) -> Role:
    """Give ``user`` a role; the place must fit the kind (a database constraint checks it too).

    Granting a role the user already holds returns the existing one.
    """
    if kind not in PLACE_OF_ROLE:
        raise ValueError(f"there is no role '{kind}'")
    places = dict(zip(ROLE_PLACES, (network, city, department), strict=True))
    given = [place for place in places.values() if place is not None]
    if places[PLACE_OF_ROLE[Role.Kind(kind)]] is None or len(given) != 1:
        raise ValueError(f"a {kind} role needs exactly its own kind of place")
    role, _created = Role.objects.get_or_create(
        user=user, kind=kind, network=network, city=city, department=department
    )
    return role

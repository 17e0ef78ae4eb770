"""Finding accounts and the roles held in a network or a city."""

from __future__ import annotations

from django.db.models import Q

from stocktake_web.accounts.models import Role, User
from stocktake_web.network.models import City, Network


def _held_in(network: Network) -> Q:
    return Q(network=network) | Q(city__network=network) | Q(department__city__network=network)


def roles_in_network(network: Network) -> list[Role]:
    """Every role held in the network, its cities and their departments, by person then kind."""
    found = Role.objects.filter(_held_in(network)).select_related(
        "user", "network", "city", "department__city"
    )
    return list(found.order_by("user__username", "kind", "pk"))


def role_in_network(network: Network, role_id: int) -> Role | None:
    """The role of that id when it is held in the network; None otherwise."""
    found = Role.objects.select_related("user", "network", "city", "department__city")
    return found.filter(_held_in(network), pk=role_id).first()


def account_with_username(username: str) -> User | None:
    return User.objects.filter(username=username.strip()).first()


def roles_in_city(city: City) -> list[Role]:
    """The roles held in the city and its departments, by kind then person."""
    in_city = Q(city=city) | Q(department__city=city)
    found = Role.objects.filter(in_city).select_related("user", "city", "department__city")
    return list(found.order_by("kind", "user__username"))

"""The time zone a person's pages are shown in: their network's (``Network.time_zone``).

A secretariat's network, or the network of the city (or the department's city) a person works
for, found in one query; ``""`` for a person of no network, who keeps the site's zone.
"""

from __future__ import annotations

from django.db.models import Q

from stocktake_web.accounts.models import User
from stocktake_web.network.models import Network


def time_zone_name_of(user: User) -> str:
    """The zone name of the first network the person has a role in, or ``""``."""
    name = (
        Network.objects.filter(
            Q(roles__user=user)
            | Q(cities__roles__user=user)
            | Q(cities__departments__roles__user=user)
        )
        .order_by("pk")
        .values_list("time_zone", flat=True)
        .first()
    )
    return name or ""

"""Who is told of what happens in a round: people found through their roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from stocktake_web.accounts.models import Role, User
from stocktake_web.network.models import City, Department


def respondents_of(departments: Iterable[Department]) -> dict[int, list[User]]:
    """The respondents of each department, by the department's id (one query)."""
    found: dict[int, list[User]] = {}
    roles = Role.objects.filter(
        kind=Role.Kind.RESPONDENT, department__in=list(departments)
    ).select_related("user")
    for role in roles.filter(user__is_active=True).order_by("department_id", "user_id"):
        found.setdefault(role.department_id or 0, []).append(role.user)
    return found


def coordinators_of(city: City) -> QuerySet[User]:
    return _people(Q(roles__kind=Role.Kind.COORDINATOR, roles__city=city))


def readers_of(city: City) -> QuerySet[User]:
    """The city's coordinators and viewers: the people who read its results."""
    kinds = [Role.Kind.COORDINATOR, Role.Kind.VIEWER]
    return _people(Q(roles__kind__in=kinds, roles__city=city))


def _people(who: Q) -> QuerySet[User]:
    return User.objects.filter(who, is_active=True).distinct().order_by("pk")

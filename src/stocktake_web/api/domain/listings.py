"""What each list of the API holds for a person: only what the pages would show them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from stocktake_web.assessments.models import Answer, Assignment, Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Department, Network
from stocktake_web.permissions import AnyUser, roles_of


def frameworks(user: AnyUser) -> QuerySet[FrameworkVersion]:
    """The framework versions ``user`` may use, as the frameworks page lists them: the shared
    ones (public), their network's and their cities' own; without their large definitions."""
    return _frameworks(user).defer("definition").order_by("framework_id", "version", "pk")


def framework_version(user: AnyUser, version_id: int) -> FrameworkVersion | None:
    return _frameworks(user).filter(pk=version_id).first()


def _frameworks(user: AnyUser) -> QuerySet[FrameworkVersion]:
    roles = roles_of(user)
    cities = roles.coordinated | roles.viewed | roles.departments_cities
    return FrameworkVersion.objects.seen_by(networks=roles.networks, cities=cities)


def networks_of(user: AnyUser) -> QuerySet[Network]:
    """The networks where ``user`` runs the secretariat or has a role in one of its cities."""
    roles = roles_of(user)
    cities = roles.coordinated | roles.viewed | roles.departments_cities
    found = Network.objects.filter(Q(pk__in=roles.networks) | Q(cities__pk__in=cities))
    return found.distinct().order_by("slug")


def cities_of(user: AnyUser) -> QuerySet[City]:
    """The cities ``user`` may see (``permissions.can_view_city``)."""
    roles = roles_of(user)
    cities = roles.coordinated | roles.viewed | roles.departments_cities
    found = City.objects.filter(Q(network_id__in=roles.networks) | Q(pk__in=cities))
    return found.select_related("network").order_by("slug")


def city_with_slug(slug: str) -> City | None:
    return City.objects.select_related("network").filter(slug=slug).first()


def departments_of(city: City) -> QuerySet[Department]:
    return city.departments.select_related("city").order_by("slug")


def departments_by_slug(city: City) -> dict[str, Department]:
    return {department.slug: department for department in city.departments.all()}


def rounds_of(user: AnyUser) -> QuerySet[Round]:
    """The rounds whose results ``user`` may read (``permissions.can_view_round``)."""
    roles = roles_of(user)
    cities = roles.coordinated | roles.viewed
    found = Round.objects.filter(Q(city__network_id__in=roles.networks) | Q(city_id__in=cities))
    return found.select_related("city", "framework").defer("framework__definition").order_by("pk")


def assignments_of(round: Round) -> QuerySet[Assignment]:
    found = round.assignments.select_related("department", "answer")
    return found.order_by("indicator", "department__slug", "pk")


def answers_of(user: AnyUser, round: Round) -> QuerySet[Answer]:
    """The round's answers ``user`` may read: every department's for the coordinator and the
    secretariat, their own departments' for a respondent, none for a viewer."""
    roles = roles_of(user)
    found = Answer.objects.filter(assignment__round=round)
    whole = round.city_id in roles.coordinated or round.city.network_id in roles.networks
    if not whole:
        found = found.filter(assignment__department_id__in=roles.departments)
    found = found.select_related("assignment__department").prefetch_related("support")
    return found.order_by("assignment__indicator", "assignment__department__slug", "pk")

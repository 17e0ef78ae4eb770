"""The secretariat's changes to its network: member cities, their departments, its settings.

Each change is recorded in the audit log in the same transaction as the change.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.audit.domain import (
    record_city_added,
    record_department_added,
    record_network_settings_changed,
)
from stocktake_web.network.domain import add_city, add_department
from stocktake_web.network.models import City, Department, Network

SETTINGS = ("time_zone", "minimum_sign_off_coverage", "respondents_see_city_dashboard")
"""The network settings the secretariat keeps itself."""


class PlaceError(ValueError):
    """A city, department or setting that cannot be saved, with a sentence saying why."""


def add_member_city(
    *,
    network: Network,
    slug: str,
    name: Mapping[str, str],
    country: str,
    kind: str = City.Kind.CITY,
    population: int | None = None,
    region: str = "",
    by: User | None,
) -> City:
    """Add a city to the network; its short name must be free in every network."""
    if City.objects.filter(slug=slug).exists():
        raise PlaceError(_("A city with this short name exists already; choose another one."))
    with transaction.atomic():
        city = add_city(
            network=network, slug=slug, name=name, country=country, kind=kind, population=population
        )
        if region:
            city.region = region
            city.save(update_fields=["region"])
        record_city_added(city=city, by=by)
    return city


def add_city_department(
    *, city: City, slug: str, name: Mapping[str, str], by: User | None
) -> Department:
    """Add a department; its short name must be free in the city."""
    if city.departments.filter(slug=slug).exists():
        raise PlaceError(
            _("The city has a department with this short name already; choose another one.")
        )
    with transaction.atomic():
        department = add_department(city=city, slug=slug, name=name)
        record_department_added(department=department, by=by)
    return department


def time_zone_exists(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database (``Asia/Taipei``, ``UTC``)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def change_network_settings(
    *,
    network: Network,
    time_zone: str,
    minimum_sign_off_coverage: int,
    respondents_see_city_dashboard: bool,
    by: User | None,
) -> None:
    """Save the settings; the change, setting by setting, goes to the audit log."""
    if not time_zone_exists(time_zone):
        raise PlaceError(_("There is no time zone “%(zone)s”.") % {"zone": time_zone})
    if not 0 <= minimum_sign_off_coverage <= 100:
        raise PlaceError(_("The minimum coverage is a percentage, from 0 to 100."))
    given = {
        "time_zone": time_zone,
        "minimum_sign_off_coverage": minimum_sign_off_coverage,
        "respondents_see_city_dashboard": respondents_see_city_dashboard,
    }
    with transaction.atomic():
        current = Network.objects.select_for_update().get(pk=network.pk)
        changes = {
            name: (getattr(current, name), value)
            for name, value in given.items()
            if getattr(current, name) != value
        }
        for name, value in given.items():
            setattr(network, name, value)
        network.save(update_fields=list(SETTINGS))
        record_network_settings_changed(network=network, by=by, changes=changes)


def member_cities(network: Network) -> list[City]:
    """The network's cities by short name, with how many departments each has."""
    return list(network.cities.annotate(department_count=Count("departments")).order_by("slug"))


def member_city(network: Network, slug: str) -> City | None:
    """The city at ``slug`` when it belongs to ``network``; None otherwise."""
    return City.objects.select_related("network").filter(network=network, slug=slug).first()


def departments_of(city: City) -> list[Department]:
    return list(city.departments.order_by("slug"))

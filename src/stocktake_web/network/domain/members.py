"""Creating a network and its members."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils.text import slugify

from stocktake_web.network.models import City, Cohort, Department, Network


def create_network(
    *, slug: str, name: str, is_demo: bool = False, time_zone: str = "UTC"
) -> Network:
    """A network; ``time_zone`` (an IANA name such as Asia/Taipei) is where its pages' dates
    and times are shown."""
    return Network.objects.create(slug=slug, name=name, is_demo=is_demo, time_zone=time_zone)


def add_city(
    *,
    network: Network,
    slug: str,
    name: Mapping[str, str],
    country: str,
    kind: str = City.Kind.CITY,
    population: int | None = None,
    joined: datetime.date | None = None,
) -> City:
    """Add a member city; ``name`` maps language codes to the city's name (English required)."""
    if not name.get("en"):
        raise ValueError("a city needs an English name, the fallback language")
    return City.objects.create(
        network=network,
        slug=slugify(slug),
        name=dict(name),
        country=country,
        kind=kind,
        population=population,
        joined=joined,
    )


def add_department(*, city: City, slug: str, name: Mapping[str, str]) -> Department:
    """Add a department; use the frameworks' department id as ``slug`` where one fits."""
    if not name.get("en"):
        raise ValueError("a department needs an English name, the fallback language")
    return Department.objects.create(city=city, slug=slug, name=dict(name))


def create_cohort(
    *,
    network: Network,
    name: str,
    start: datetime.date,
    end: datetime.date,
    chair: City | None = None,
    cities: Iterable[City] = (),
) -> Cohort:
    if end < start:
        raise ValueError("a cohort cannot end before it starts")
    cohort = Cohort.objects.create(network=network, name=name, chair=chair, start=start, end=end)
    cohort.cities.set(cities)
    return cohort

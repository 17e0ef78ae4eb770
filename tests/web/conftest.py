"""Django for the web tests only: the core's tests never load it.

The settings module is chosen here (through ``tests/django_setup.py``, shared with the browser
tests) rather than in the project-wide pytest configuration, so a core-only run needs neither
Django nor pytest-django.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from django_setup import set_up_django

set_up_django()

from django.core.cache import cache  # noqa: E402
from django.utils import translation  # noqa: E402

from stocktake.frameworks import load_framework  # noqa: E402
from stocktake_web.accounts.domain import create_account, grant_role  # noqa: E402
from stocktake_web.accounts.models import Role, User  # noqa: E402
from stocktake_web.assessments.domain import assign_indicators, open_round  # noqa: E402
from stocktake_web.assessments.models import Answer, Round  # noqa: E402
from stocktake_web.frameworks.domain import import_framework  # noqa: E402
from stocktake_web.frameworks.models import FrameworkVersion  # noqa: E402
from stocktake_web.network.domain import (  # noqa: E402
    add_city,
    add_department,
    create_cohort,
    create_network,
)
from stocktake_web.network.models import City, Cohort, Department, Network  # noqa: E402

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    """The fixed cast of the web tests.

    Harbour City is ours: Alice coordinates it, Bob answers for its environment department and
    Bea for its planning department, Vera views it; Sam runs the network's secretariat. Charlie
    coordinates Hillside, another city of the same network, and Dora answers for Hillside's
    environment department: neither may see anything of Harbour City's. Olga runs another
    network's secretariat.
    """

    network: Network
    cohort: Cohort
    framework: FrameworkVersion
    harbour: City
    environment: Department
    planning: Department
    hillside: City
    hill_environment: Department
    alice: User
    bob: User
    bea: User
    vera: User
    sam: User
    charlie: User
    dora: User
    olga: User
    round: Round
    hill_round: Round

    def answer(self, indicator: str, department: Department | None = None) -> Answer:
        department = department or self.environment
        return Answer.objects.get(
            assignment__round__city=department.city,
            assignment__indicator=indicator,
            assignment__department=department,
        )


def _person(username: str, kind: str, **place: object) -> User:
    user = create_account(username=username, password=PASSWORD)
    grant_role(user=user, kind=kind, **place)  # type: ignore[arg-type]
    return user


def _city(network: Network, slug: str, name: str) -> tuple[City, Department, Department]:
    city = add_city(
        network=network,
        slug=slug,
        name={"en": name, "zh-Hant": f"{name}（中文）"},
        country="TW",
        population=250_000,
        joined=datetime.date(2024, 3, 1),
    )
    env = add_department(
        city=city, slug="environment", name={"en": "Environment", "zh-Hant": "環境保護局"}
    )
    plan = add_department(
        city=city, slug="planning", name={"en": "Planning", "zh-Hant": "都市發展局"}
    )
    return city, env, plan


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Domain messages in English, whatever language an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing kept from another test's pages."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Hash the cast's passwords quickly: the strength of the hash is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pilot_framework(db: None) -> FrameworkVersion:
    return import_framework(framework=load_framework(DATA / "pilot.yaml"))


@pytest.fixture
def cast(db: None, pilot_framework: FrameworkVersion) -> Cast:
    network = create_network(slug="east", name="East Network")
    # Most tests sign off rounds with a few indicators answered: the cast's network asks for no
    # minimum coverage, and the tests of the minimum set one.
    network.minimum_sign_off_coverage = 0
    network.save(update_fields=["minimum_sign_off_coverage"])
    harbour, environment, planning = _city(network, "harbour", "Harbour City")
    hillside, hill_environment, _hill_planning = _city(network, "hillside", "Hillside")
    cohort = create_cohort(
        network=network,
        name="Community of practice",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
        chair=harbour,
        cities=[harbour, hillside],
    )
    other = create_network(slug="elsewhere", name="Another Network")
    alice = _person("alice", Role.Kind.COORDINATOR, city=harbour)
    charlie = _person("charlie", Role.Kind.COORDINATOR, city=hillside)
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    rounds = [
        open_round(
            city=city, framework=pilot_framework, name="2025", deadline=deadline, opened_by=who
        )
        for city, who in ((harbour, alice), (hillside, charlie))
    ]
    for opened, who in zip(rounds, (alice, charlie), strict=True):
        assign_indicators(round=opened, by=who)
    return Cast(
        network=network,
        cohort=cohort,
        framework=pilot_framework,
        harbour=harbour,
        environment=environment,
        planning=planning,
        hillside=hillside,
        hill_environment=hill_environment,
        alice=alice,
        bob=_person("bob", Role.Kind.RESPONDENT, department=environment),
        bea=_person("bea", Role.Kind.RESPONDENT, department=planning),
        vera=_person("vera", Role.Kind.VIEWER, city=harbour),
        sam=_person("sam", Role.Kind.NETWORK_ADMIN, network=network),
        charlie=charlie,
        dora=_person("dora", Role.Kind.RESPONDENT, department=hill_environment),
        olga=_person("olga", Role.Kind.NETWORK_ADMIN, network=other),
        round=rounds[0],
        hill_round=rounds[1],
    )

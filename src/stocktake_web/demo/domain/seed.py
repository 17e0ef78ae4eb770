"""The demonstration network, built through the domain functions a person would trigger.

The core's generator (:func:`stocktake.demo.generate_network`) invents the cities, their setting
and their departments' answers; this module turns them into a network, a cohort, accounts, two
rounds per city and a year of events, so every page has something to show:

* a **baseline** round in the autumn of last year, signed off by every city;
* this year's round, a year of progress later (:func:`stocktake.demo.later_round`): signed off
  in most cities, **reconciling** in one city of seven and **being answered** in another (its
  deadline passed in every other such city, so late departments show as overdue);
* each city shares its results as its position says (:data:`CONSENT_BY_POSITION`): every
  consent tier, most cities named to their cohort;
* workshops, webinars, trainings, a site visit and forums over the past year, with their
  participants (:mod:`stocktake_web.demo.domain.events`);
* a knowledge catalogue of fictional resources, each labelled as demonstration data
  (:func:`stocktake.demo.catalogue.demo_catalogue`);
* an innovation screening of the first city: four fictional candidate solutions scored by three
  departments and the best sent to the workshop planner
  (:mod:`stocktake_web.demo.domain.screening`);
* a **training round** of the cohort's chair: a workshop exercise simulating a far stronger
  city (:func:`stocktake.demo.training_round`), signed off, labelled as training on its pages
  and counted in no network result.

Everything is labelled as demonstration data (the network's ``is_demo`` flag puts a banner on
every page).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stocktake.demo import DemoCity, DemoNetwork, generate_network, later_round, training_round
from stocktake.demo.catalogue import demo_catalogue
from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.models import Round
from stocktake_web.demo.domain.events import focus_of_cities, record_year_of_events
from stocktake_web.demo.domain.rounds import CityStaff, RoundPlan, build_round
from stocktake_web.demo.domain.screening import record_demo_screening
from stocktake_web.demo.domain.staff import (
    STAFF_USERNAME,
    add_demo_staff,
    demo_email,
    remove_demo_staff,
)
from stocktake_web.events.models import Event
from stocktake_web.frameworks.domain import import_bundled_frameworks
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.knowledge.domain.catalogue import load_catalogue
from stocktake_web.network.domain import add_city, add_department, create_cohort, create_network
from stocktake_web.network.domain.context import update_city_context
from stocktake_web.network.domain.countries import country_code
from stocktake_web.network.models import City, Network
from stocktake_web.screening.models import Screening

DEMO_NETWORK = "demo-network"
FRAMEWORK = "issa-36"
LATER_STAGES: tuple[str, ...] = (
    Round.State.SIGNED_OFF,
    Round.State.RECONCILING,
    Round.State.OPEN,
    Round.State.SIGNED_OFF,
    Round.State.SIGNED_OFF,
    Round.State.SIGNED_OFF,
    Round.State.SIGNED_OFF,
)
"""Stage of this year's round by the city's position (repeating): five cities in seven have
two signed-off rounds; three cities are enough to show one of each stage."""

CONSENT_BY_POSITION: tuple[str, ...] = (
    Round.Consent.PUBLIC_SUMMARY,
    Round.Consent.COHORT_NAMED,
    Round.Consent.COHORT_NAMED,
    Round.Consent.COHORT_ANONYMOUS,
    Round.Consent.COHORT_NAMED,
    Round.Consent.COHORT_NAMED,
    Round.Consent.PRIVATE,
)
"""How far each city's results travel, by its position (repeating); the same in both rounds."""

OPENED_DAYS_AGO = 45
"""This year's rounds were opened this many days before the demo's day."""

TRAINING_DAYS_AGO = 20
"""The chair's workshop exercise (a training round) was run this many days before the demo's day."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    place: str


@dataclass
class DemoSummary:
    network: Network
    label: str
    accounts: list[DemoAccount] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    resources: int = 0
    screening: Screening | None = None


def demo_loaded() -> bool:
    return Network.objects.filter(slug=DEMO_NETWORK).exists()


def demo_accounts() -> list[DemoAccount]:
    """The accounts of the loaded demo network, in the order ``seed_demo`` created them."""
    roles = (
        Role.objects.filter(
            Q(network__slug=DEMO_NETWORK)
            | Q(city__network__slug=DEMO_NETWORK)
            | Q(department__city__network__slug=DEMO_NETWORK)
        )
        .select_related("user", "network", "city", "department__city")
        .order_by("user_id")
    )
    return [_described(role) for role in roles]


def _described(role: Role) -> DemoAccount:
    username = role.user.username
    if role.network is not None:
        return DemoAccount(username, "network administrator", role.network.name)
    if role.city is not None:
        kind = "viewer" if role.kind == Role.Kind.VIEWER else "city coordinator"
        return DemoAccount(username, kind, role.city.display_name())
    assert role.department is not None
    department = role.department
    place = f"{department.city.display_name()}, {department.display_name()}"
    return DemoAccount(username, "department respondent", place)


def remove_demo() -> None:
    """Delete the demo network, its cities, rounds and the accounts that only served it."""
    with transaction.atomic():
        users = (
            User.objects.filter(roles__city__network__slug=DEMO_NETWORK)
            | User.objects.filter(roles__network__slug=DEMO_NETWORK)
            | User.objects.filter(roles__department__city__network__slug=DEMO_NETWORK)
        )
        user_ids = set(users.values_list("pk", flat=True))
        Network.objects.filter(slug=DEMO_NETWORK).delete()
        User.objects.filter(pk__in=user_ids, roles__isnull=True).delete()
        remove_demo_staff()


def seed_demo(
    *,
    password: str,
    seed: int = 2025,
    n_cities: int = 7,
    today: datetime.date | None = None,
) -> DemoSummary:
    """Build the demo network; refuses when one is loaded already (remove it first)."""
    if demo_loaded():
        raise ValueError("the demonstration network is loaded already; remove it first")
    today = today or timezone.localdate()
    demo = generate_network(seed=seed, n_cities=n_cities, framework_ids=[FRAMEWORK])
    import_bundled_frameworks()
    framework = FrameworkVersion.objects.filter(framework_id=FRAMEWORK).latest("imported_at")
    with transaction.atomic():
        summary = _network(demo, make_password(password), year=_later_opened(today).year)
    focus = focus_of_cities(len(demo.cities), today)
    for index, demo_city in enumerate(demo.cities):
        city = City.objects.get(slug=demo_city.id)
        staff = CityStaff.of(city)
        baseline, later = round_plans(index, today)
        moved = later_round(
            demo, demo_city.id, framework.load(), year=later.opened_at.year, focus=focus[index]
        )
        for plan, answers in ((baseline, demo.answers[(demo_city.id, FRAMEWORK)]), (later, moved)):
            with transaction.atomic():
                summary.rounds.append(
                    build_round(
                        city=city, staff=staff, framework=framework, answers=answers, plan=plan
                    )
                )
    chair = City.objects.get(slug=demo.cohort.chair)
    with transaction.atomic():
        summary.rounds.append(
            build_round(
                city=chair,
                staff=CityStaff.of(chair),
                framework=framework,
                answers=training_round(demo, chair.slug, framework.load()),
                plan=training_plan(today),
            )
        )
    with transaction.atomic():
        summary.events = record_year_of_events(
            cohort=summary.network.cohorts.get(),
            framework=framework,
            cities=list(summary.network.cities.order_by("pk")),
            created_by=User.objects.get(username="secretariat"),
            today=today,
        )
    # The fictional catalogue, through the same loading as the secretariat's upload page.
    summary.resources = load_catalogue(network=summary.network, resources=demo_catalogue()).added
    # A fictional innovation screening of the first city, scored by three of its departments.
    first = City.objects.get(slug=demo.cities[0].id)
    latest = first.rounds.counted().filter(state=Round.State.SIGNED_OFF).order_by("-opened_at")
    with transaction.atomic():
        summary.screening = record_demo_screening(
            city=first, round=latest.first(), staff=CityStaff.of(first), seed=seed
        )
    return summary


def round_plans(index: int, today: datetime.date) -> tuple[RoundPlan, RoundPlan]:
    """The baseline and the later round of the city at ``index``: the baseline signed off in the
    autumn of the year before; the later round opened :data:`OPENED_DAYS_AGO` days before
    ``today``, and signed off, reconciling or being answered by the city's position
    (:data:`LATER_STAGES`)."""
    opened = _later_opened(today)
    year = opened.year
    consent = CONSENT_BY_POSITION[index % len(CONSENT_BY_POSITION)]
    stage = LATER_STAGES[index % len(LATER_STAGES)]
    overdue = (index // len(LATER_STAGES)) % 2 == 0
    baseline = RoundPlan(
        name=f"{year - 1} baseline self-assessment",
        opened_at=datetime.datetime(year - 1, 9, 1, 9, tzinfo=datetime.UTC),
        deadline=datetime.date(year - 1, 11, 14),
        stage=Round.State.SIGNED_OFF,
        consent=consent,
    )
    later = RoundPlan(
        name=f"{year} self-assessment",
        opened_at=opened,
        deadline=_deadline(stage, overdue=overdue, today=today),
        stage=stage,
        consent=consent,
    )
    return baseline, later


def training_plan(today: datetime.date) -> RoundPlan:
    """The chair's workshop exercise: a training round run :data:`TRAINING_DAYS_AGO` days before
    ``today`` and signed off at the workshop; shared with nobody (it counts nowhere anyway)."""
    opened = datetime.datetime.combine(
        today - datetime.timedelta(days=TRAINING_DAYS_AGO), datetime.time(9), tzinfo=datetime.UTC
    )
    return RoundPlan(
        name=f"{opened.year} workshop exercise (training)",
        opened_at=opened,
        deadline=opened.date() + datetime.timedelta(days=1),
        stage=Round.State.SIGNED_OFF,
        consent=Round.Consent.PRIVATE,
        training=True,
    )


def _later_opened(today: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        today - datetime.timedelta(days=OPENED_DAYS_AGO), datetime.time(9), tzinfo=datetime.UTC
    )


def _network(demo: DemoNetwork, password_hash: str, *, year: int) -> DemoSummary:
    """The network, its cities and accounts, and the cohort: from the start of the baseline's
    year to the end of this year's round's."""
    network = create_network(
        slug=DEMO_NETWORK,
        name="Demonstration network (fictional)",
        is_demo=True,
        time_zone="Asia/Taipei",
    )
    summary = DemoSummary(network=network, label=demo.label)
    secretariat = _account("secretariat", password_hash)
    grant_role(user=secretariat, kind=Role.Kind.NETWORK_ADMIN, network=network)
    summary.accounts.append(DemoAccount("secretariat", "network administrator", network.name))
    add_demo_staff(password_hash=password_hash)
    summary.accounts.append(DemoAccount(STAFF_USERNAME, "staff (administration site)", "Stocktake"))
    cities = [_city(network, city, password_hash, summary) for city in demo.cities]
    chair = next(city for city in cities if city.slug == demo.cohort.chair)
    create_cohort(
        network=network,
        name=demo.cohort.name,
        start=datetime.date(year - 1, 1, 1),
        end=datetime.date(year, 12, 31),
        chair=chair,
        cities=cities,
    )
    # Someone who may read the chair city's dashboard, round page and exports, and change nothing.
    viewer = _account(f"{chair.slug}-viewer", password_hash)
    grant_role(user=viewer, kind=Role.Kind.VIEWER, city=chair)
    summary.accounts.append(DemoAccount(viewer.username, "viewer", chair.name["en"]))
    return summary


def _account(username: str, password_hash: str) -> User:
    existing = User.objects.filter(username=username).first()
    return existing or create_account(
        username=username, password_hash=password_hash, email=demo_email(username)
    )


def _city(network: Network, demo_city: DemoCity, password_hash: str, summary: DemoSummary) -> City:
    city = add_city(
        network=network,
        slug=demo_city.id,
        name=demo_city.name,
        country=country_code(demo_city.country),
        kind=demo_city.kind,
        population=demo_city.population,
        joined=demo_city.joined,
    )
    update_city_context(
        city=city,
        kind=demo_city.kind,
        population=demo_city.population,
        region=demo_city.setting.region,
        climate=demo_city.setting.climate,
        languages=demo_city.setting.languages,
        economy=demo_city.setting.economy,
    )
    coordinator = _account(f"{demo_city.id}-coordinator", password_hash)
    grant_role(user=coordinator, kind=Role.Kind.COORDINATOR, city=city)
    place = demo_city.name["en"]
    summary.accounts.append(DemoAccount(coordinator.username, "city coordinator", place))
    for demo_department in demo_city.departments:
        department = add_department(city=city, slug=demo_department.id, name=demo_department.name)
        respondent = _account(f"{demo_city.id}-{demo_department.id}", password_hash)
        grant_role(user=respondent, kind=Role.Kind.RESPONDENT, department=department)
        summary.accounts.append(
            DemoAccount(
                respondent.username,
                "department respondent",
                f"{place}, {demo_department.name['en']}",
            )
        )
    return city


def _deadline(stage: str, *, overdue: bool, today: datetime.date) -> datetime.date:
    if stage == Round.State.OPEN:
        return today - datetime.timedelta(days=3) if overdue else today + datetime.timedelta(21)
    return today - datetime.timedelta(days=10 if stage == Round.State.RECONCILING else 30)

"""The demonstration network, built through the domain functions a person would trigger.

The core's generator (:func:`stocktake.demo.generate_network`) invents the cities and their
departments' answers; this module turns them into a network, a cohort, accounts and one round per
city, each round left at a different stage so every page has something to show:

* **signed off**: every department answered and submitted, disagreements reconciled, results
  stored;
* **reconciling**: answering closed, some disagreements reconciled and some still waiting;
* **being answered**: departments part-way through; in one city the deadline has passed, so the
  late departments show as overdue.

Everything is labelled as demonstration data (the network's ``is_demo`` flag puts a banner on
every page).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stocktake.answers import Answer as CoreAnswer
from stocktake.demo import DemoCity, DemoNetwork, generate_network
from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import (
    AnswerContent,
    AnswerEdit,
    assign_indicators,
    compute_results,
    open_round,
    reconcile,
    save_answers,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.domain import import_bundled_frameworks
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain import add_city, add_department, create_cohort, create_network
from stocktake_web.network.models import City, Department, Network

DEMO_NETWORK = "demo-network"
FRAMEWORK = "issa-36"
STAGES: tuple[str, ...] = (
    Round.State.SIGNED_OFF,
    Round.State.RECONCILING,
    Round.State.OPEN,
)
REASON = "Agreed at the coordination meeting after comparing the departments' evidence."


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
    demo = generate_network(seed=seed, n_cities=n_cities)
    import_bundled_frameworks()
    framework = FrameworkVersion.objects.filter(framework_id=FRAMEWORK).latest("imported_at")
    with transaction.atomic():
        summary = _network(demo, make_password(password))
    for index, city in enumerate(demo.cities):
        stage = STAGES[index % len(STAGES)]
        overdue = stage == Round.State.OPEN and (index // len(STAGES)) % 2 == 0
        with transaction.atomic():
            summary.rounds.append(
                _round(demo, city, framework, stage, overdue=overdue, today=today)
            )
    return summary


def _network(demo: DemoNetwork, password_hash: str) -> DemoSummary:
    network = create_network(
        slug=DEMO_NETWORK, name="Demonstration network (fictional)", is_demo=True
    )
    summary = DemoSummary(network=network, label=demo.label)
    secretariat = _account("secretariat", password_hash)
    grant_role(user=secretariat, kind=Role.Kind.NETWORK_ADMIN, network=network)
    summary.accounts.append(DemoAccount("secretariat", "network administrator", network.name))
    cities = [_city(network, city, password_hash, summary) for city in demo.cities]
    chair = next(city for city in cities if city.slug == demo.cohort.chair)
    create_cohort(
        network=network,
        name=demo.cohort.name,
        start=demo.cohort.start,
        end=demo.cohort.end,
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
    return existing or create_account(username=username, password_hash=password_hash)


def _city(network: Network, demo_city: DemoCity, password_hash: str, summary: DemoSummary) -> City:
    city = add_city(
        network=network,
        slug=demo_city.id,
        name=demo_city.name,
        country=demo_city.country,
        kind=demo_city.kind,
        population=demo_city.population,
        joined=demo_city.joined,
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


def _round(
    demo: DemoNetwork,
    demo_city: DemoCity,
    framework: FrameworkVersion,
    stage: str,
    *,
    overdue: bool,
    today: datetime.date,
) -> Round:
    city = City.objects.get(slug=demo_city.id)
    coordinator = User.objects.get(username=f"{demo_city.id}-coordinator")
    departments = {dept.slug: dept for dept in city.departments.all()}
    answers = demo.answers[(demo_city.id, FRAMEWORK)]
    deadline = _deadline(stage, overdue=overdue, today=today)
    current = open_round(
        city=city,
        framework=framework,
        name=f"{deadline.year} self-assessment",
        deadline=deadline,
        opened_by=coordinator,
        opened_at=timezone.now() - datetime.timedelta(days=45),
    )
    pairs = dict.fromkeys(
        (answer.indicator, departments[answer.department])
        for answer in answers
        if not answer.reconciled
    )
    assign_indicators(round=current, by=coordinator, pairs=pairs)
    share = 1.0 if stage != Round.State.OPEN else 0.6
    respondents = _respondents(city, departments)
    _answer_all(current, respondents, [a for a in answers if not a.reconciled], share)
    if stage == Round.State.OPEN:
        return current
    for slug, department in departments.items():
        submit_department(round=current, department=department, by=respondents[slug])
    start_reconciliation(round=current)
    _reconcile(current, coordinator, answers, everything=stage == Round.State.SIGNED_OFF)
    if stage == Round.State.SIGNED_OFF:
        sign_off(round=current, by=coordinator)
        current.refresh_from_db()
    return current


def _deadline(stage: str, *, overdue: bool, today: datetime.date) -> datetime.date:
    if stage == Round.State.OPEN:
        return today - datetime.timedelta(days=3) if overdue else today + datetime.timedelta(21)
    return today - datetime.timedelta(days=10 if stage == Round.State.RECONCILING else 30)


def _respondents(city: City, departments: dict[str, Department]) -> dict[str, User]:
    """Department slug -> the department's demo respondent (one query for the city)."""
    slugs = {f"{city.slug}-{slug}": slug for slug in departments}
    return {slugs[user.username]: user for user in User.objects.filter(username__in=slugs)}


def _answer_all(
    current: Round,
    respondents: dict[str, User],
    answers: Iterable[CoreAnswer],
    share: float,
) -> None:
    """Save each department's answers as its respondent would; with ``share`` < 1, the later
    departments have answered only part of their indicators (and the last one nothing)."""
    by_department: dict[str, list[CoreAnswer]] = defaultdict(list)
    for answer in answers:
        by_department[answer.department].append(answer)
    rows = {
        (row.assignment.indicator, row.assignment.department.slug): row
        for row in Answer.objects.filter(assignment__round=current).select_related(
            "assignment__department"
        )
    }
    ordered = sorted(by_department)
    for position, slug in enumerate(ordered):
        respondent = respondents[slug]
        mine = by_department[slug]
        done = len(mine) if share >= 1 else int(len(mine) * share * (1 - position / len(ordered)))
        # One batch per department: saved one by one, a thousand cities' answers took minutes.
        edits = [
            AnswerEdit(row, row.version, _content(answer))
            for answer in mine[:done]
            if not answer.is_blank
            for row in [rows[(answer.indicator, slug)]]
        ]
        save_answers(user=respondent, edits=edits)


def _content(answer: CoreAnswer) -> AnswerContent:
    return AnswerContent(
        value=_text(answer.value),
        evidence=answer.evidence,
        confidence=answer.confidence or "",
        importance=answer.importance,
        support=frozenset(answer.support_needed),
        comment=answer.comment,
    )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _reconcile(
    current: Round, coordinator: User, answers: list[CoreAnswer], *, everything: bool
) -> None:
    """Apply the demo's reconciled answers; with ``everything``, settle every other
    disagreement on the rule's value, as a coordinator would after the meeting."""
    settled = {a.indicator: a for a in answers if a.reconciled}
    outstanding = compute_results(current).consolidation
    for indicator in outstanding.needs_reconciliation:
        chosen = settled.get(indicator)
        if chosen is not None:
            value = chosen.value
        elif everything:
            value = outstanding.values[indicator].value
        else:
            continue
        reconcile(
            round=current, indicator=indicator, value=_text(value), reason=REASON, by=coordinator
        )

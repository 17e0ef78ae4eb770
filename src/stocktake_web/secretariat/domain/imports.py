"""Importing a network's cities, departments and people with their roles from a spreadsheet.

Every row is checked before anything is written; a file with any problem writes nothing and
each problem is reported with its sheet, row and column. Rows describing what already exists
(the same city, department, account or role) change nothing, so importing a file twice is the
same as importing it once. Accounts made here have no password: the person chooses one through
"Forgotten password" with the address given in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.domain import record_account_created, record_accounts_imported
from stocktake_web.network.models import City, Department, Network
from stocktake_web.secretariat.domain.places import add_city_department, add_member_city

NAME_LANGUAGES = {"name_en": "en", "name_zh_hant": "zh-Hant", "name_ja": "ja"}
COLUMNS: dict[str, tuple[str, ...]] = {
    "cities": ("slug", *NAME_LANGUAGES, "country", "kind", "population", "region"),
    "departments": ("city", "slug", *NAME_LANGUAGES),
    "people": ("username", "email", "full_name", "role", "city", "department"),
}
"""The sheets of an import file, each with its columns in the template's order."""

MAX_LENGTH = {
    "slug": 50,
    "country": 64,
    "region": 64,
    "username": 150,
    "email": 254,
    "full_name": 150,
    "city": 50,
    "department": 50,
    **dict.fromkeys(NAME_LANGUAGES, 200),
}
MAX_ROWS = 5000
"""Rows per sheet: a large network's people fit; a file beyond it is surely a mistake."""
POPULATION_MAX = 2**31 - 1
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
USERNAME = re.compile(r"^[\w.@+-]+\Z")
FORMULA_STARTS = ("=", "+", "-", "@")

Rows = Sequence[tuple[int, Mapping[str, str]]]
"""A sheet's rows: each row's number as a spreadsheet counts it, and its cells by column."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where a person will find it."""

    sheet: str
    row: int | None
    column: str | None
    message: str


@dataclass
class ImportPlan:
    """What a valid file adds; rows that match what exists are left out."""

    cities: list[dict[str, object]] = field(default_factory=list)
    departments: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    roles: list[tuple[str, str, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "cities": len(self.cities),
            "departments": len(self.departments),
            "accounts": len(self.accounts),
            "roles": len(self.roles),
        }


def _text_problem(column: str, text: str) -> str | None:
    limit = MAX_LENGTH.get(column)
    if limit is not None and len(text) > limit:
        return _("Too long: at most %(limit)d characters, this cell has %(count)d.") % {
            "limit": limit,
            "count": len(text),
        }
    if text.startswith(FORMULA_STARTS) and not text.lstrip("+-").isdigit():
        return _("This looks like a spreadsheet formula; write the value itself.")
    return None


class _Checker:
    """Checks the sheets against each other and against the network, gathering the plan."""

    def __init__(self, network: Network, sheets: Mapping[str, Rows]) -> None:
        self.network = network
        self.sheets = sheets
        self.plan = ImportPlan()
        self.own_cities = {city.slug: city for city in network.cities.all()}
        self.departments = {
            (department.city.slug, department.slug)
            for department in Department.objects.filter(city__network=network).select_related(
                "city"
            )
        }
        self.new_cities: set[str] = set()
        self.new_departments: set[tuple[str, str]] = set()

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.plan.problems.append(Problem(sheet, row, column, message))

    def cells(self, sheet: str, number: int, row: Mapping[str, str]) -> dict[str, str] | None:
        """The row's cells trimmed, or None after reporting the cells that cannot be right."""
        cells = {column: (row.get(column) or "").strip() for column in COLUMNS[sheet]}
        fine = True
        for column, text in cells.items():
            message = _text_problem(column, text)
            if message is not None:
                self.problem(sheet, number, column, message)
                fine = False
        return cells if fine else None

    def required(self, sheet: str, number: int, cells: Mapping[str, str], *names: str) -> bool:
        missing = [name for name in names if not cells[name]]
        for name in missing:
            self.problem(sheet, number, name, _("This cell is required."))
        return not missing

    def check(self) -> ImportPlan:
        for sheet, rows in self.sheets.items():
            if len(rows) > MAX_ROWS:
                self.problem(
                    sheet,
                    None,
                    None,
                    _("At most %(count)d rows per sheet; split the file.") % {"count": MAX_ROWS},
                )
                return self.plan
        self.check_cities(self.sheets.get("cities", ()))
        self.check_departments(self.sheets.get("departments", ()))
        self.check_people(self.sheets.get("people", ()))
        return self.plan

    # -- cities -----------------------------------------------------------------------------------

    def check_cities(self, rows: Rows) -> None:
        first_row: dict[str, int] = {}
        taken = set(
            City.objects.exclude(network=self.network)
            .filter(slug__in=[(row.get("slug") or "").strip() for _n, row in rows])
            .values_list("slug", flat=True)
        )
        for number, row in rows:
            cells = self.cells("cities", number, row)
            if cells is None or not self.required(
                "cities", number, cells, "slug", "name_en", "country"
            ):
                continue
            slug = cells["slug"]
            if not SLUG.match(slug):
                self.problem("cities", number, "slug", _("Letters, digits, - and _ only."))
            elif slug in first_row:
                self.problem("cities", number, "slug", _duplicate(first_row[slug]))
            elif slug in taken:
                self.problem(
                    "cities", number, "slug", _("Another network has a city with this short name.")
                )
            else:
                first_row[slug] = number
                self.check_city_values("cities", number, cells)

    def check_city_values(self, sheet: str, number: int, cells: Mapping[str, str]) -> None:
        kind = cells["kind"] or City.Kind.CITY
        if kind not in City.Kind.values:
            kinds = ", ".join(City.Kind.values)
            self.problem(sheet, number, "kind", _("One of: %(kinds)s.") % {"kinds": kinds})
            return
        population: int | None = None
        if cells["population"]:
            digits = cells["population"].replace(",", "").replace(" ", "")
            if not digits.isdigit() or not 0 < int(digits) <= POPULATION_MAX:
                self.problem(sheet, number, "population", _("A whole number above zero."))
                return
            population = int(digits)
        self.new_cities.add(cells["slug"])
        if cells["slug"] in self.own_cities:
            return  # the city exists: the file changes nothing about it
        self.plan.cities.append(
            {
                "slug": cells["slug"],
                "name": _name(cells),
                "country": cells["country"],
                "kind": kind,
                "population": population,
                "region": cells["region"],
            }
        )

    # -- departments ------------------------------------------------------------------------------

    def known_city(self, slug: str) -> bool:
        return slug in self.own_cities or slug in self.new_cities

    def check_departments(self, rows: Rows) -> None:
        first_row: dict[tuple[str, str], int] = {}
        for number, row in rows:
            cells = self.cells("departments", number, row)
            if cells is None or not self.required(
                "departments", number, cells, "city", "slug", "name_en"
            ):
                continue
            key = (cells["city"], cells["slug"])
            if not self.known_city(cells["city"]):
                self.problem("departments", number, "city", _unknown_city(cells["city"]))
            elif not SLUG.match(cells["slug"]):
                self.problem("departments", number, "slug", _("Letters, digits, - and _ only."))
            elif key in first_row:
                self.problem("departments", number, "slug", _duplicate(first_row[key]))
            else:
                first_row[key] = number
                if key not in self.departments:
                    self.plan.departments.append((*key, _name(cells)))
        self.new_departments = set(first_row)

    # -- people -----------------------------------------------------------------------------------

    def check_people(self, rows: Rows) -> None:
        names = [(row.get("username") or "").strip() for _n, row in rows]
        emails = [(row.get("email") or "").strip().lower() for _n, row in rows]
        existing = {user.username: user for user in User.objects.filter(username__in=names)}
        holders = {
            user.email.lower(): user.username
            for user in User.objects.filter(email__in=[e for e in emails if e]).only(
                "username", "email"
            )
        }
        held = self.held_roles(existing.values())
        first_email: dict[str, tuple[str, int]] = {}
        person_row: dict[str, tuple[str, str, int]] = {}
        role_row: dict[tuple[str, str, str, str], int] = {}
        for number, row in rows:
            cells = self.cells("people", number, row)
            if cells is None or not self.required("people", number, cells, "username", "role"):
                continue
            if not self.check_person(cells, number, existing, holders, first_email, person_row):
                continue
            role = self.role_of(cells, number)
            if role is None:
                continue
            if role in role_row:
                self.problem("people", number, "role", _duplicate(role_row[role]))
                continue
            role_row[role] = number
            if role not in held:
                self.plan.roles.append(role)

    def check_person(
        self,
        cells: Mapping[str, str],
        number: int,
        existing: Mapping[str, User],
        holders: Mapping[str, str],
        first_email: dict[str, tuple[str, int]],
        person_row: dict[str, tuple[str, str, int]],
    ) -> bool:
        username, email = cells["username"], cells["email"]
        if not USERNAME.match(username):
            self.problem("people", number, "username", _("Letters, digits and @ . + - _ only."))
            return False
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem("people", number, "email", _("This is not an e-mail address."))
                return False
        if username in person_row:
            first_email_of, full_name, first = person_row[username]
            if (email, cells["full_name"]) != (first_email_of, full_name):
                self.problem(
                    "people",
                    number,
                    "username",
                    _("Row %(row)d has this user name with another address or name.")
                    % {"row": first},
                )
                return False
            return True
        person_row[username] = (email, cells["full_name"], number)
        holder = holders.get(email.lower()) if email else None
        if email and email.lower() in first_email:
            self.problem("people", number, "email", _duplicate(first_email[email.lower()][1]))
            return False
        if email:
            first_email[email.lower()] = (username, number)
        if holder is not None and holder != username:
            self.problem("people", number, "email", _("Another account has this e-mail address."))
            return False
        account = existing.get(username)
        if account is None:
            self.plan.accounts.append((username, email, cells["full_name"]))
        elif email and account.email.lower() != email.lower():
            self.problem(
                "people",
                number,
                "email",
                _("The account %(name)s exists with another e-mail address.") % {"name": username},
            )
            return False
        return True

    def role_of(self, cells: Mapping[str, str], number: int) -> tuple[str, str, str, str] | None:
        kind, city, department = cells["role"], cells["city"], cells["department"]
        if kind not in Role.Kind.values:
            kinds = ", ".join(Role.Kind.values)
            self.problem("people", number, "role", _("One of: %(kinds)s.") % {"kinds": kinds})
            return None
        if kind == Role.Kind.NETWORK_ADMIN:
            if city or department:
                self.problem(
                    "people",
                    number,
                    "city",
                    _("A network administrator has no city; leave it empty."),
                )
                return None
            return (cells["username"], kind, "", "")
        if not city:
            self.problem("people", number, "city", _("This cell is required."))
            return None
        if not self.known_city(city):
            self.problem("people", number, "city", _unknown_city(city))
            return None
        if kind != Role.Kind.RESPONDENT:
            return (cells["username"], kind, city, "")
        if not department:
            self.problem("people", number, "department", _("This cell is required."))
            return None
        if (city, department) not in self.departments | self.new_departments:
            self.problem(
                "people",
                number,
                "department",
                _("The city has no department %(department)s.") % {"department": department},
            )
            return None
        return (cells["username"], kind, city, department)

    def held_roles(self, users: Iterable[User]) -> set[tuple[str, str, str, str]]:
        found = Role.objects.filter(user__in=list(users)).select_related(
            "user", "network", "city", "department__city"
        )
        held = set()
        for role in found:
            if role.network_id == self.network.pk:
                held.add((role.user.username, role.kind, "", ""))
            elif role.city is not None:
                held.add((role.user.username, role.kind, role.city.slug, ""))
            elif role.department is not None:
                held.add(
                    (role.user.username, role.kind, role.department.city.slug, role.department.slug)
                )
        return held


def _name(cells: Mapping[str, str]) -> dict[str, str]:
    return {tag: cells[column] for column, tag in NAME_LANGUAGES.items() if cells[column]}


def _duplicate(first: int) -> str:
    return _("Row %(row)d says the same already; keep one of the two.") % {"row": first}


def _unknown_city(slug: str) -> str:
    return _(
        "The network has no city %(city)s; add it on the cities sheet or check its short name."
    ) % {"city": slug}


def check_import(*, network: Network, sheets: Mapping[str, Rows]) -> ImportPlan:
    """Check every row of every sheet; the plan holds what to add, or the problems."""
    return _Checker(network, sheets).check()


def import_people(
    *, network: Network, sheets: Mapping[str, Rows], file_name: str, by: User | None
) -> ImportPlan:
    """Check the file and, when it has no problem, write all of it in one transaction.

    The returned plan's problems say why nothing was written. Each city, department, account
    and role added is recorded in the audit log, and the import itself once with its counts.
    """
    plan = check_import(network=network, sheets=sheets)
    if plan.problems:
        return plan
    try:
        with transaction.atomic():
            _write(network, plan, by)
            record_accounts_imported(
                network=network, by=by, file_name=file_name, counts=plan.counts()
            )
    except IntegrityError:
        message = _("Someone changed the network while the file was read; import it again.")
        plan.problems.append(Problem("", None, None, message))
    return plan


def _write(network: Network, plan: ImportPlan, by: User | None) -> None:
    cities = {city.slug: city for city in network.cities.all()}
    for values in plan.cities:
        city = add_member_city(network=network, by=by, **values)  # type: ignore[arg-type]
        cities[city.slug] = city
    departments = {
        (department.city.slug, department.slug): department
        for department in Department.objects.filter(city__network=network).select_related("city")
    }
    for city_slug, slug, name in plan.departments:
        department = add_city_department(city=cities[city_slug], slug=slug, name=name, by=by)
        departments[(city_slug, slug)] = department
    for username, email, full_name in plan.accounts:
        # No password given: the account's password is unusable until the person chooses one.
        user = create_account(username=username, email=email, full_name=full_name)
        record_account_created(person=user, by=by, network_id=network.pk)
    people = {
        user.username: user for user in User.objects.filter(username__in={r[0] for r in plan.roles})
    }
    for username, kind, city_slug, department_slug in plan.roles:
        grant_role(
            user=people[username],
            kind=kind,
            network=network if kind == Role.Kind.NETWORK_ADMIN else None,
            city=cities[city_slug] if kind in (Role.Kind.COORDINATOR, Role.Kind.VIEWER) else None,
            department=departments.get((city_slug, department_slug)),
            by=by,
        )

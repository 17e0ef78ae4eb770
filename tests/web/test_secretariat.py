"""The secretariat's own pages: cities, departments, people and roles, the network's settings,
and importing all of them from a spreadsheet, with nothing written unless the whole file is
right and nothing changed by importing it twice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.models import City, Department

from .conftest import Cast

CITIES = "slug,name_en,name_zh_hant,name_ja,country,kind,population,region\n"
DEPARTMENTS = "city,slug,name_en,name_zh_hant,name_ja\n"
PEOPLE = "username,email,full_name,role,city,department\n"
HEADERS = {"cities": CITIES, "departments": DEPARTMENTS, "people": PEOPLE}


def _post(client: Client, name: str, data: dict[str, Any], *args: object) -> Any:
    return client.post(reverse(f"secretariat:{name}", args=["east", *args]), data)


def _city_form(**changes: str) -> dict[str, str]:
    return {
        "slug": "riverside",
        "name_en": "Riverside",
        "name_zh_hant": "河濱市",
        "name_ja": "",
        "country": "TW",
        "kind": "city",
        "population": "320000",
        "region": "East Asia",
        **changes,
    }


# -- cities and departments ----------------------------------------------------------------------


def test_the_secretariat_adds_a_city_in_several_languages(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    response = _post(client, "add_city", _city_form())

    assert response.status_code == 302
    city = City.objects.get(slug="riverside")
    assert (city.network, city.name) == (cast.network, {"en": "Riverside", "zh-Hant": "河濱市"})
    assert (city.population, city.region) == (320000, "East Asia")
    added = AuditEvent.objects.get(kind=AuditEvent.Kind.CITY_ADDED)
    assert (added.actor, added.network_id) == (cast.sam, cast.network.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "harbour"}, "slug"),  # taken
        ({"slug": "not a slug!"}, "slug"),
        ({"name_en": ""}, "name_en"),
        ({"name_en": "x" * 5000}, "name_en"),
        ({"population": "-3"}, "population"),
        ({"population": "9" * 400}, "population"),
        ({"kind": "galaxy"}, "kind"),
    ],
)
def test_a_city_that_cannot_be_added_is_a_form_error(
    cast: Cast, client: Client, changes: dict[str, str], field: str
) -> None:
    client.force_login(cast.sam)

    response = _post(client, "add_city", _city_form(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not City.objects.filter(name__en="Riverside").exists()


def test_the_secretariat_adds_a_department_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    data = {"slug": "transport", "name_en": "Transport", "name_zh_hant": "", "name_ja": "交通局"}

    first = _post(client, "city", data, "harbour")
    again = _post(client, "city", data, "harbour")

    assert first.status_code == 302
    assert again.status_code == 200
    assert "slug" in again.context["form"].errors
    assert cast.harbour.departments.filter(slug="transport").count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DEPARTMENT_ADDED).count() == 1


def test_the_cities_page_lists_the_networks_cities_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    page = client.get(reverse("secretariat:cities", args=["east"])).content.decode()

    assert "Harbour City" in page and "Hillside" in page


def test_another_networks_secretariat_gets_not_found(cast: Cast, client: Client) -> None:
    client.force_login(cast.olga)

    assert client.get(reverse("secretariat:cities", args=["east"])).status_code == 404
    assert _post(client, "add_city", _city_form()).status_code == 404
    assert not City.objects.filter(slug="riverside").exists()


def test_a_city_of_another_network_is_not_found_under_this_one(cast: Cast, client: Client) -> None:
    client.force_login(cast.olga)

    response = client.get(reverse("secretariat:city", args=["elsewhere", "harbour"]))

    assert response.status_code == 404


# -- people and roles ----------------------------------------------------------------------------


def test_the_secretariat_gives_and_takes_away_a_role(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    given = _post(
        client, "people", {"username": "charlie", "kind": "viewer", "city": cast.harbour.pk}
    )
    role = Role.objects.get(user=cast.charlie, kind="viewer")
    taken = _post(client, "revoke", {}, role.pk)

    assert (given.status_code, taken.status_code) == (302, 302)
    assert not Role.objects.filter(pk=role.pk).exists()
    kinds = AuditEvent.objects.filter(details__person="charlie").values_list("kind", flat=True)
    assert list(kinds.order_by("pk"))[-2:] == ["role_granted", "role_revoked"]


def test_a_role_of_another_network_cannot_be_taken_away(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    olga_role = Role.objects.get(user=cast.olga)

    response = _post(client, "revoke", {}, olga_role.pk)

    assert response.status_code == 404
    assert Role.objects.filter(pk=olga_role.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "nobody", "kind": "network_admin"}, "username"),
        ({"username": "charlie", "kind": "viewer"}, "city"),
        ({"username": "charlie", "kind": "respondent"}, "department"),
        ({"username": "charlie", "kind": "emperor"}, "kind"),
    ],
)
def test_an_incomplete_role_is_a_form_error(
    cast: Cast, client: Client, data: dict[str, str], field: str
) -> None:
    client.force_login(cast.sam)

    response = _post(client, "people", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_city_of_another_network_is_not_offered(cast: Cast, client: Client) -> None:
    from stocktake_web.network.domain import add_city

    far = add_city(
        network=cast.olga.roles.get().network, slug="far", name={"en": "Far"}, country="JP"
    )
    client.force_login(cast.sam)

    response = _post(client, "people", {"username": "charlie", "kind": "viewer", "city": far.pk})

    assert "city" in response.context["form"].errors
    assert not Role.objects.filter(city=far).exists()


# -- settings ------------------------------------------------------------------------------------


def test_the_settings_are_saved_and_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    data = {
        "time_zone": "Asia/Taipei",
        "minimum_sign_off_coverage": "70",
        "respondents_see_city_dashboard": "on",
    }

    response = _post(client, "settings", data)

    assert response.status_code == 302
    cast.network.refresh_from_db()
    assert cast.network.time_zone == "Asia/Taipei"
    assert cast.network.minimum_sign_off_coverage == 70
    assert cast.network.respondents_see_city_dashboard
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.NETWORK_SETTINGS_CHANGED)
    assert event.details["time_zone"] == {"before": "UTC", "after": "Asia/Taipei"}
    assert _post(client, "settings", data).status_code == 302  # the same again: nothing new
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.NETWORK_SETTINGS_CHANGED).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": "x" * 5000}, "time_zone"),
        ({"minimum_sign_off_coverage": "101"}, "minimum_sign_off_coverage"),
        ({"minimum_sign_off_coverage": "-1"}, "minimum_sign_off_coverage"),
        ({"minimum_sign_off_coverage": "eighty"}, "minimum_sign_off_coverage"),
    ],
)
def test_bad_settings_are_form_errors(
    cast: Cast, client: Client, changes: dict[str, str], field: str
) -> None:
    client.force_login(cast.sam)
    before = (cast.network.time_zone, cast.network.minimum_sign_off_coverage)
    data = {"time_zone": "UTC", "minimum_sign_off_coverage": "80", **changes}

    response = _post(client, "settings", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    cast.network.refresh_from_db()
    assert (cast.network.time_zone, cast.network.minimum_sign_off_coverage) == before


# -- importing -----------------------------------------------------------------------------------


def _upload(client: Client, name: str, content: bytes | str) -> Any:
    data = content.encode() if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("secretariat:import", args=["east"]), {"file": upload})


def _workbook(**sheets: str) -> bytes:
    """A workbook with each sheet's CSV text laid out in cells."""
    book = Workbook()
    book.remove(book.active)
    for title, text in sheets.items():
        sheet = book.create_sheet(title)
        for line in text.strip().splitlines():
            sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {
    "cities": CITIES + "riverside,Riverside,河濱市,,TW,city,320000,East Asia",
    "departments": DEPARTMENTS
    + "riverside,environment,Environment,,\nharbour,transport,Transport,,",
    "people": PEOPLE
    + "rita,rita@example.org,Rita Chen,coordinator,riverside,\n"
    + "rita,rita@example.org,Rita Chen,viewer,harbour,\n"
    + "ray,ray@example.org,Ray Lin,respondent,riverside,environment\n"
    + "bob,,,respondent,harbour,transport",
}


def _counts() -> tuple[int, int, int, int]:
    return (
        City.objects.count(),
        Department.objects.count(),
        User.objects.count(),
        Role.objects.count(),
    )


def test_a_workbook_adds_cities_departments_people_and_roles(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    before = _counts()

    response = _upload(client, "network.xlsx", _workbook(**GOOD))

    assert response.status_code == 302, response.context and response.context["problems"]
    assert _counts() == (before[0] + 1, before[1] + 2, before[2] + 2, before[3] + 4)
    rita = User.objects.get(username="rita")
    assert rita.email == "rita@example.org" and not rita.has_usable_password()
    assert Role.objects.filter(user=cast.bob, department__slug="transport").exists()
    imported = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCOUNTS_IMPORTED)
    assert imported.details == {
        "file": "network.xlsx",
        "cities": 1,
        "departments": 2,
        "accounts": 2,
        "roles": 4,
    }


def test_the_same_file_twice_changes_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    _upload(client, "network.xlsx", _workbook(**GOOD))
    after_first = _counts()
    events = AuditEvent.objects.exclude(kind=AuditEvent.Kind.ACCOUNTS_IMPORTED).count()

    response = _upload(client, "network.xlsx", _workbook(**GOOD))

    assert response.status_code == 302
    assert _counts() == after_first
    assert AuditEvent.objects.exclude(kind=AuditEvent.Kind.ACCOUNTS_IMPORTED).count() == events
    second = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNTS_IMPORTED).order_by("pk").last()
    assert second is not None and second.details["roles"] == 0


def test_a_csv_file_is_one_sheet_told_by_its_header(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    response = _upload(client, "people.csv", PEOPLE + "nina,nina@example.org,,viewer,harbour,")

    assert response.status_code == 302
    assert Role.objects.filter(user__username="nina", kind="viewer", city=cast.harbour).exists()


def _problems(response: Any) -> list[tuple[str, int | None, str | None]]:
    assert response.status_code == 400
    return [(p.sheet, p.row, p.column) for p in response.context["problems"]]


@pytest.mark.parametrize(
    ("sheet", "rows", "where"),
    [
        # the same user name with another address, and two rows giving the same role
        (
            "people",
            "sue,sue@example.org,,viewer,harbour,\nsue,other@example.org,,viewer,hillside,",
            ("people", 3, "username"),
        ),
        (
            "people",
            "sue,sue@example.org,,viewer,harbour,\nsue,sue@example.org,,viewer,harbour,",
            ("people", 3, "role"),
        ),
        ("people", "sue,,,viewer,atlantis,", ("people", 2, "city")),
        ("people", "sue,,,emperor,harbour,", ("people", 2, "role")),
        ("people", "sue,,,respondent,harbour,", ("people", 2, "department")),
        ("people", "sue,,,respondent,harbour,kitchen", ("people", 2, "department")),
        ("people", "sue,not-an-address,,viewer,harbour,", ("people", 2, "email")),
        ("people", "sue,,,network_admin,harbour,", ("people", 2, "city")),
        ("people", "su e,,,viewer,harbour,", ("people", 2, "username")),
        ("people", "sue,,@SUM(1+1),viewer,harbour,", ("people", 2, "full_name")),
        ("people", "sue,,," + "v" * 5000 + ",harbour,", ("people", 2, "role")),
        ("people", "sue," + "a" * 5000 + "@example.org,,viewer,harbour,", ("people", 2, "email")),
        ("cities", "hillside2,Hill,,,TW,city,-5,", ("cities", 2, "population")),
        (
            "cities",
            "riverside,Riverside,,,TW,city,,\nriverside,Again,,,TW,,,",
            ("cities", 3, "slug"),
        ),
        ("cities", "riverside," + "R" * 5000 + ",,,TW,city,,", ("cities", 2, "name_en")),
        ("cities", "riverside,,,,TW,city,,", ("cities", 2, "name_en")),
        ("departments", "atlantis,transport,Transport,,", ("departments", 2, "city")),
    ],
)
def test_a_file_with_a_bad_row_writes_nothing_and_says_where(
    cast: Cast, client: Client, sheet: str, rows: str, where: tuple[str, int, str]
) -> None:
    client.force_login(cast.sam)
    before = _counts()
    sheets = {**GOOD, sheet: HEADERS[sheet] + rows}

    response = _upload(client, "network.xlsx", _workbook(**sheets))

    assert where in _problems(response)
    assert _counts() == before
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNTS_IMPORTED).exists()


def test_a_formula_a_program_wrote_into_a_workbook_refuses_the_file_and_says_where(
    cast: Cast, client: Client
) -> None:
    """openpyxl writes text starting with = as a formula without a value: read, it would be an
    empty user name; the whole file is refused at the cell instead."""
    client.force_login(cast.sam)
    before = _counts()
    people = HEADERS["people"] + '=HYPERLINK("http://x"),,,viewer,harbour,'

    response = _upload(client, "network.xlsx", _workbook(**{**GOOD, "people": people}))

    assert response.status_code == 400
    page = response.content.decode()
    assert "whose value was never calculated" in page and "(row 2, column username)" in page
    assert "Sheet “people”:" in page
    assert _counts() == before


def test_an_address_of_another_account_is_refused(cast: Cast, client: Client) -> None:
    cast.bob.email = "bob@example.org"
    cast.bob.save()
    client.force_login(cast.sam)

    response = _upload(client, "people.csv", PEOPLE + "robert,BOB@example.org,,viewer,harbour,")

    assert ("people", 2, "email") in _problems(response)


def test_a_city_of_another_network_cannot_be_imported_again(cast: Cast, client: Client) -> None:
    from stocktake_web.network.domain import add_city

    add_city(network=cast.olga.roles.get().network, slug="far", name={"en": "Far"}, country="JP")
    client.force_login(cast.sam)

    response = _upload(client, "cities.csv", CITIES + "far,Far,,,JP,city,,")

    assert ("cities", 2, "slug") in _problems(response)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", ""),
        ("blank.csv", "\n\n\n"),
        ("header-only.xlsx", b"not a workbook"),
        ("notes.txt", "username\nsue"),
        ("unknown.csv", "colour,shape\nred,round"),
        ("quote.csv", PEOPLE + '"sue,,,viewer,harbour,'),
    ],
)
def test_an_unreadable_file_is_a_form_error(
    cast: Cast, client: Client, name: str, content: str | bytes
) -> None:
    client.force_login(cast.sam)
    before = _counts()

    response = _upload(client, name, content)

    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert _counts() == before


def test_a_workbook_without_the_templates_sheets_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    response = _upload(client, "other.xlsx", _workbook(Sheet1="a,b\n1,2"))

    assert "file" in response.context["form"].errors


def test_the_template_reads_back_as_a_valid_file(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    template = client.get(reverse("secretariat:import_template", args=["east"]))
    book = load_workbook(io.BytesIO(template.content))
    response = _upload(client, "template.xlsx", template.content)

    assert book.sheetnames == ["cities", "departments", "people"]
    assert response.status_code == 302
    assert City.objects.filter(slug="riverside").exists()


def test_each_sheets_csv_template_is_offered(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    people = client.get(reverse("secretariat:import_template_sheet", args=["east", "people"]))
    unknown = client.get(reverse("secretariat:import_template_sheet", args=["east", "pets"]))

    assert people.content.decode().startswith(PEOPLE.strip())
    assert unknown.status_code == 404


def test_the_audit_log_shows_the_administrations_events(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    _post(client, "add_city", _city_form())
    _post(client, "city", {"slug": "transport", "name_en": "Transport"}, "riverside")
    _post(client, "settings", {"time_zone": "Asia/Taipei", "minimum_sign_off_coverage": "70"})
    _upload(client, "people.csv", PEOPLE + "nina,nina@example.org,,viewer,harbour,")

    log = client.get(reverse("audit:log", args=["east"]))

    assert log.status_code == 200
    page = log.content.decode()
    for kind in ("City added", "Department added", "Network settings changed", "Accounts imported"):
        assert kind in page

"""The administration site, where a secretariat sets up a real network.

Forms are read from the page as a browser would read them, changed where a person would type,
and posted back whole.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.models import User
from stocktake_web.network.domain import add_city, create_network
from stocktake_web.network.domain.demonstration import demo_data_loaded
from stocktake_web.network.models import City, Cohort, Network

from .conftest import Cast

FormData = dict[str, list[str]]


class _FormReader(HTMLParser):
    """The values a browser would send from the form with ``id``: no disabled fields, no files."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: FormData = {}
        self.select: tuple[str, bool, list[str]] | None = None  # name, multiple, options seen
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "select" and a.get("name"):
            self.select = (a["name"], "multiple" in a, [])
            self.data.setdefault(a["name"], [])
        elif tag == "option" and self.select is not None:
            self.select[2].append(a.get("value", ""))
            if "selected" in a:
                self.data[self.select[0]].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.data[self.textarea] = [""]

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        self.data.setdefault(a["name"], []).append(
            a.get("value", "on" if kind == "checkbox" else "")
        )

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            if not multiple and not self.data[name] and options:
                self.data[name] = [options[0]]  # a browser sends the first option
            self.select = None


def _form(client: Client, url: str, form_id: str) -> FormData:
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form {form_id} on {url}"
    return reader.data


def _set(data: FormData, **values: str) -> FormData:
    return {**data, **{name: [value] for name, value in values.items()}}


def _errors(response: Any) -> dict[str, list[str]]:
    """Errors of the page's main form and of every inline form, by field name."""
    errors = dict(response.context["adminform"].form.errors)
    for formset in response.context["inline_admin_formsets"]:
        for form in formset.formset.forms:
            errors.update({f"{form.prefix}-{name}": list(e) for name, e in form.errors.items()})
        if formset.formset.non_form_errors():
            errors[formset.formset.prefix] = list(formset.formset.non_form_errors())
    return errors


@pytest.fixture
def network(db: None) -> Network:
    return create_network(slug="south", name="South Network")


# -- cities and departments: names in every language ---------------------------------------------


def test_a_city_and_its_department_are_added_with_names_in_every_language(
    admin_client: Client, network: Network
) -> None:
    url = reverse("admin:network_city_add")
    data = _set(
        _form(admin_client, url, "city_form"),
        network=str(network.pk),
        slug="riverside",
        name_en="Riverside",
        name_zh_hant="河濱市",
        name_ja="リバーサイド市",
        country="TW",
        population="180000",
        **{
            "departments-0-slug": "environment",
            "departments-0-name_en": "Environmental protection",
            "departments-0-name_zh_hant": "環境保護局",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:network_city_changelist")
    city = City.objects.get(slug="riverside")
    assert city.name == {"en": "Riverside", "zh-Hant": "河濱市", "ja": "リバーサイド市"}
    assert (city.network, city.population) == (network, 180_000)
    department = city.departments.get()
    assert department.slug == "environment"
    assert department.name == {"en": "Environmental protection", "zh-Hant": "環境保護局"}


def test_a_city_without_an_english_name_is_refused(admin_client: Client, network: Network) -> None:
    url = reverse("admin:network_city_add")
    data = _set(
        _form(admin_client, url, "city_form"),
        network=str(network.pk),
        slug="riverside",
        name_zh_hant="河濱市",
        country="TW",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert _errors(response) == {"name_en": ["This field is required."]}
    assert not City.objects.exists()


def test_editing_a_name_shows_each_language_and_keeps_languages_the_interface_lacks(
    admin_client: Client, network: Network
) -> None:
    city = add_city(
        network=network,
        slug="riverside",
        name={"en": "Riverside", "zh-Hant": "河濱市", "ko": "리버사이드"},
        country="TW",
    )
    url = reverse("admin:network_city_change", args=[city.pk])
    shown = _form(admin_client, url, "city_form")

    response = admin_client.post(url, _set(shown, name_en="Riverside City", name_zh_hant=""))

    assert (shown["name_en"], shown["name_zh_hant"], shown["name_ja"]) == (
        ["Riverside"],
        ["河濱市"],
        [""],
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.name == {"en": "Riverside City", "ko": "리버사이드"}


def test_a_department_is_edited_on_its_own_page_with_the_same_name_fields(
    cast: Cast, admin_client: Client
) -> None:
    url = reverse("admin:network_department_change", args=[cast.environment.pk])

    response = admin_client.post(
        url, _set(_form(admin_client, url, "department_form"), name_ja="環境局")
    )

    assert response.status_code == 302
    cast.environment.refresh_from_db()
    assert cast.environment.name == {"en": "Environment", "zh-Hant": "環境保護局", "ja": "環境局"}


def test_a_city_with_rounds_cannot_be_deleted_here(cast: Cast, admin_client: Client) -> None:
    url = reverse("admin:network_city_delete", args=[cast.harbour.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert City.objects.filter(pk=cast.harbour.pk).exists()


def test_a_city_without_rounds_can_be_deleted(admin_client: Client, network: Network) -> None:
    city = add_city(network=network, slug="riverside", name={"en": "Riverside"}, country="TW")

    response = admin_client.post(
        reverse("admin:network_city_delete", args=[city.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not City.objects.exists()


# -- networks and cohorts ------------------------------------------------------------------------


def test_a_demo_network_added_here_shows_the_banner_at_once(admin_client: Client) -> None:
    assert not demo_data_loaded()  # now kept in the cache
    url = reverse("admin:network_network_add")
    data = _set(_form(admin_client, url, "network_form"), name="Trial", slug="trial", is_demo="on")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Network.objects.get(slug="trial").is_demo
    assert demo_data_loaded()


def test_a_cohort_with_a_city_of_another_network_is_refused(
    cast: Cast, admin_client: Client
) -> None:
    other = Network.objects.get(slug="elsewhere")
    url = reverse("admin:network_cohort_add")
    data = _set(
        _form(admin_client, url, "cohort_form"),
        network=str(other.pk),
        name="Peers",
        start="2026-01-01",
        end="2025-12-31",
    )
    data["cities"] = [str(cast.harbour.pk)]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert _errors(response) == {
        "end": ["A cohort cannot end before it starts."],
        "cities": [
            "Every city of a cohort must belong to its network; these do not: Harbour City."
        ],
    }
    assert Cohort.objects.count() == 1


# -- people and roles ----------------------------------------------------------------------------


def _user_form_with_role(client: Client, user: User, **role: str) -> tuple[str, FormData]:
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = _form(client, url, "user_form")
    first_new = data["roles-INITIAL_FORMS"][0]
    return url, _set(data, **{f"roles-{first_new}-{field}": value for field, value in role.items()})


@pytest.mark.parametrize(
    ("role", "errors"),
    [
        (
            {"kind": "coordinator", "department": "environment"},
            {
                "city": ["The role “City coordinator” is held on a city: choose the city."],
                "department": [
                    "The role “City coordinator” is not held on this kind of place: "
                    "leave this empty."
                ],
            },
        ),
        (
            {"kind": "network_admin"},
            {
                "network": [
                    "The role “Network administrator” is held on a network: choose the network."
                ]
            },
        ),
        (
            {"kind": "respondent", "city": "harbour", "department": "environment"},
            {
                "city": [
                    "The role “Department respondent” is not held on this kind of place: "
                    "leave this empty."
                ]
            },
        ),
    ],
    ids=["coordinator-on-department", "network-admin-nowhere", "respondent-on-city-too"],
)
def test_a_role_on_the_wrong_kind_of_place_is_refused_on_the_right_field(
    cast: Cast, admin_client: Client, role: dict[str, str], errors: dict[str, list[str]]
) -> None:
    places = {"environment": cast.environment.pk, "harbour": cast.harbour.pk}
    given = {field: str(places.get(value, value)) for field, value in role.items()}
    url, data = _user_form_with_role(admin_client, cast.vera, **given)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert _errors(response) == {f"roles-1-{field}": e for field, e in errors.items()}
    assert list(cast.vera.roles.values_list("kind", "city")) == [("viewer", cast.harbour.pk)]


def test_a_role_on_its_own_kind_of_place_is_granted(cast: Cast, admin_client: Client) -> None:
    url, data = _user_form_with_role(
        admin_client, cast.vera, kind="respondent", department=str(cast.planning.pk)
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert cast.vera.roles.get(kind="respondent").department == cast.planning


def test_a_role_the_person_already_holds_is_refused_before_the_database(
    cast: Cast, admin_client: Client
) -> None:
    url, data = _user_form_with_role(
        admin_client, cast.alice, kind="coordinator", city=str(cast.harbour.pk)
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert _errors(response) == {"roles": ["The same role on the same place is listed twice."]}
    assert cast.alice.roles.count() == 1


def test_places_are_offered_by_name_in_the_readers_language(
    cast: Cast, admin_client: Client
) -> None:
    url = reverse("admin:accounts_user_change", args=[cast.bob.pk])

    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert ">Harbour City（中文）</option>" in page
    assert ">Harbour City（中文） – 環境保護局</option>" in page
    assert ">Hillside（中文） – 環境保護局</option>" in page


# -- frameworks: to look at only -----------------------------------------------------------------


def test_framework_versions_are_listed_and_shown(cast: Cast, admin_client: Client) -> None:
    listing = admin_client.get(reverse("admin:frameworks_frameworkversion_changelist"))
    shown = admin_client.get(
        reverse("admin:frameworks_frameworkversion_change", args=[cast.framework.pk])
    )

    assert listing.status_code == 200
    assert cast.framework.display_title() in listing.content.decode()
    assert shown.status_code == 200
    assert cast.framework.digest in shown.content.decode()


def test_framework_versions_cannot_be_added_changed_or_deleted(
    cast: Cast, admin_client: Client
) -> None:
    change = reverse("admin:frameworks_frameworkversion_change", args=[cast.framework.pk])
    delete = reverse("admin:frameworks_frameworkversion_delete", args=[cast.framework.pk])
    before = cast.framework.version

    add_page = admin_client.get(reverse("admin:frameworks_frameworkversion_add"))
    add_post = admin_client.post(
        reverse("admin:frameworks_frameworkversion_add"), {"framework_id": "x", "version": "1"}
    )
    change_post = admin_client.post(change, {"version": "9.9.9"})
    delete_post = admin_client.post(delete, {"post": "yes"})

    assert [add_page.status_code, add_post.status_code] == [403, 403]
    assert [change_post.status_code, delete_post.status_code] == [403, 403]
    cast.framework.refresh_from_db()
    assert cast.framework.version == before


def test_assessment_rows_are_not_in_the_administration_site() -> None:
    registered = [
        model._meta.label
        for model in apps.get_app_config("assessments").get_models()
        if admin.site.is_registered(model)
    ]

    assert registered == []


# -- who may come in ------------------------------------------------------------------------------


def test_a_signed_in_coordinator_is_sent_to_the_administrators_sign_in(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)

    index = client.get(reverse("admin:index"))
    add = client.post(reverse("admin:network_network_add"), {"name": "Mine", "slug": "mine"})

    assert index.status_code == 302
    assert index["Location"] == "/admin/login/?next=/admin/"
    assert add.status_code == 302
    assert add["Location"] == "/admin/login/?next=/admin/network/network/add/"
    assert not Network.objects.filter(slug="mine").exists()


def test_the_administration_site_speaks_traditional_chinese(
    cast: Cast, admin_client: Client
) -> None:
    index = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-TW")
    city_form = admin_client.get(reverse("admin:network_city_add"), HTTP_ACCEPT_LANGUAGE="zh-TW")

    page = index.content.decode()
    assert '<html lang="zh-hant"' in page
    assert "Stocktake 管理後台</a>" in page
    assert ">城市</a>" in page
    assert ">評估架構版本</a>" in page
    assert "名稱（繁體中文）" in city_form.content.decode()


def test_staff_find_the_administration_from_every_page(
    cast: Cast, admin_client: Client, client: Client
) -> None:
    client.force_login(cast.alice)
    admin_url = reverse("admin:index")

    staff_page = admin_client.get(reverse("home")).content.decode()
    coordinator_page = client.get(reverse("home")).content.decode()

    assert f'href="{admin_url}"' in staff_page
    assert f'href="{admin_url}"' not in coordinator_page


def test_a_cohort_offers_its_chair_and_cities_by_name_in_the_readers_language(
    cast: Cast, admin_client: Client
) -> None:
    page = admin_client.get(
        reverse("admin:network_cohort_change", args=[cast.cohort.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-TW",
    ).content.decode()

    assert ">Harbour City（中文）</option>" in page
    assert ">Hillside（中文）</option>" in page

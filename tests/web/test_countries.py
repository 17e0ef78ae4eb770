"""Countries are ISO codes, named in the reader's language from the CLDR, with the network's
own names where they differ."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from stocktake_web.network.domain.countries import country_choices, country_code, country_name
from stocktake_web.network.models import City

from .conftest import Cast


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Chinese Taipei", "TW"),
        ("Japan", "JP"),
        ("Republic of Korea", "KR"),
        ("South Korea", "KR"),
        ("Australia", "AU"),
        ("Philippines", "PH"),
        ("Mongolia", "MN"),
        ("China", "CN"),
        ("  japan ", "JP"),
        ("kr", "KR"),
        ("Narnia", "Narnia"),
        ("", ""),
    ],
)
def test_the_demo_s_english_names_become_codes(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("lang", "korea", "taipei"),
    [
        ("en", "Republic of Korea", "Chinese Taipei"),
        ("ko", "대한민국", "중화 타이베이"),
        ("ja", "韓国", "チャイニーズ・タイペイ"),
        ("zh-Hant", "南韓", "中華台北"),
        ("xx-unknown", "Republic of Korea", "Chinese Taipei"),
    ],
)
def test_a_code_is_named_in_the_reader_s_language(lang: str, korea: str, taipei: str) -> None:
    assert (country_name("KR", lang), country_name("TW", lang)) == (korea, taipei)


def test_a_stored_name_that_is_no_code_is_shown_as_written() -> None:
    assert country_name("Narnia", "ko") == "Narnia"
    assert country_name("", "ko") == ""


def test_the_choices_are_every_country_once_in_the_reader_s_order() -> None:
    choices = country_choices("ko")
    codes = [code for code, _name in choices]

    assert len(codes) == len(set(codes)) > 240
    assert ("KR", "대한민국") in choices
    assert ("TW", "중화 타이베이") in choices
    assert all(len(code) == 2 and code.isalpha() for code in codes)
    assert [name for _code, name in choices] == sorted(
        (name for _code, name in choices), key=str.casefold
    )


@pytest.mark.parametrize(
    ("accept", "shown"),
    [("ko", "중화 타이베이"), ("ja", "チャイニーズ・タイペイ"), ("en", "Chinese Taipei")],
)
def test_the_city_dashboard_names_the_country_in_the_reader_s_language(
    cast: Cast, client: Client, accept: str, shown: str
) -> None:
    client.force_login(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE=accept)

    assert f", {shown}</li>" in page.content.decode()


def test_the_migration_turns_stored_names_into_codes(cast: Cast) -> None:
    City.objects.filter(pk=cast.harbour.pk).update(country="Republic of Korea")
    City.objects.filter(pk=cast.hillside.pk).update(country="Atlantis")
    migration = importlib.import_module("stocktake_web.network.migrations.0005_country_codes")

    migration.names_to_codes(apps, None)

    assert City.objects.get(pk=cast.harbour.pk).country == "KR"
    assert City.objects.get(pk=cast.hillside.pk).country == "Atlantis"

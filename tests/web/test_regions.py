"""A city's region reads in the reader's language when it names a UN M49 region."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.network.domain.regions import region_name

from .conftest import Cast


@pytest.mark.parametrize(
    ("text", "lang", "shown"),
    [
        ("East Asia", "zh-Hant", "東亞"),
        ("east asia ", "ja", "東アジア"),
        ("Southeast Asia", "ko", "동남아시아"),
        ("Oceania", "zh-Hant", "大洋洲"),
        ("Eastern Asia", "ko", "동아시아"),
        ("East Asia", "en", "East Asia"),
        ("Kanto plain", "ja", "Kanto plain"),
        ("", "ja", ""),
        ("East Asia", "xx-unknown", "East Asia"),
    ],
)
def test_a_region_is_named_in_the_reader_s_language_or_shown_as_written(
    text: str, lang: str, shown: str
) -> None:
    assert region_name(text, lang) == shown


def test_the_dashboard_names_the_region_in_chinese(cast: Cast, client: Client) -> None:
    cast.harbour.region = "East Asia"
    cast.harbour.save(update_fields=["region"])
    client.force_login(cast.alice)
    page = reverse("dashboards:city", args=[cast.harbour.slug])
    assert "East Asia" in client.get(page).content.decode()
    chinese = client.get(page, headers={"accept-language": "zh-hant"}).content.decode()
    assert "東亞" in chinese
    assert "East Asia" not in chinese

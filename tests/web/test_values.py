"""Values as people write them in the answer form: CBI-01, a share of the city's area, takes
0 to 100 written with a decimal point (and thousands separators), refuses 150 and −5 naming the
bounds, says to write 12.5 for 12,5, and shows its band table to the respondent."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stocktake.frameworks import get_framework
from stocktake_web.assessments.domain import assign_indicators, open_round
from stocktake_web.assessments.interfaces.forms import AnswerForm
from stocktake_web.assessments.models import Answer
from stocktake_web.frameworks.domain import import_framework

from .conftest import Cast

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cbi_answers(cast: Cast) -> dict[str, Answer]:
    """Bob's department answers CBI-01 (a share), CBI-02 (hectares) and CBI-10 (lower is better)
    in a CBI round of Harbour City."""
    framework = import_framework(framework=get_framework("cbi-2014"))
    cbi_round = open_round(
        city=cast.harbour,
        framework=framework,
        name="CBI 2027",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=cast.alice,
    )
    ids = ("CBI-01", "CBI-02", "CBI-10")
    assign_indicators(round=cbi_round, by=cast.alice, pairs=[(i, cast.environment) for i in ids])
    return {
        i: Answer.objects.get(assignment__round=cbi_round, assignment__indicator=i) for i in ids
    }


def _save(client: Client, answer: Answer, value: str, language: str = "en") -> str:
    with translation.override(language):
        response = client.post(
            reverse("assessments:answer", args=[answer.pk]),
            {"base_version": answer.version, "value": value},
            HTTP_ACCEPT_LANGUAGE=language,
            **HTMX,
        )
    return response.content.decode()


@pytest.mark.parametrize(
    "value",
    ["150", "-5", "\u22125", "100.1"],
)
def test_share_outside_0_to_100_is_refused_naming_the_bounds(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer], value: str
) -> None:
    client.force_login(cast.bob)

    page = _save(client, cbi_answers["CBI-01"], value)

    assert "write a number from 0 to 100 (% of city area)" in page
    assert "does not fit" not in page
    answer = Answer.objects.get(pk=cbi_answers["CBI-01"].pk)
    assert (answer.value, answer.version) == ("", 0)


@pytest.mark.parametrize("language", ["en", "zh-hant", "ja"])
def test_decimal_comma_says_to_write_a_decimal_point(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer], language: str
) -> None:
    client.force_login(cast.bob)

    page = _save(client, cbi_answers["CBI-01"], "12,5", language)

    assert "12.5" in page and "does not fit" not in page
    with translation.override(language):
        expected = translation.gettext(
            "“%(value)s” has a comma where this language writes a decimal point: write "
            "%(suggested)s."
        ) % {"value": "12,5", "suggested": "12.5"}
    assert expected in page
    assert Answer.objects.get(pk=cbi_answers["CBI-01"].pk).value == ""


@pytest.mark.parametrize(
    ("indicator", "typed", "stored"),
    [
        ("CBI-01", "12.5", "12.5"),
        ("CBI-01", " 0 ", "0"),
        ("CBI-01", "100", "100"),
        ("CBI-01", "7.5 %", "7.5"),
        ("CBI-02", "1,234.5", "1234.5"),
        ("CBI-02", "12,500", "12500"),
    ],
)
def test_valid_values_are_stored_with_a_decimal_point_and_no_separators(
    cast: Cast,
    client: Client,
    cbi_answers: dict[str, Answer],
    indicator: str,
    typed: str,
    stored: str,
) -> None:
    client.force_login(cast.bob)

    _save(client, cbi_answers[indicator], typed)

    answer = Answer.objects.get(pk=cbi_answers[indicator].pk)
    assert (answer.value, answer.version) == (stored, 1)


def test_form_reads_a_decimal_comma_in_a_language_that_writes_one(
    cast: Cast, cbi_answers: dict[str, Answer]
) -> None:
    """No interface language writes a decimal comma yet; the form follows the active locale."""
    indicator = get_framework("cbi-2014").indicator("CBI-02")
    with translation.override("de"):
        form = AnswerForm(
            {"base_version": "0", "value": "1.234,5"},
            framework=get_framework("cbi-2014"),
            indicator=indicator,
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == "1234.5"


@pytest.mark.parametrize("value", ["lots", "1,2,3", "１２", "9" * 60])
def test_text_that_is_not_a_number_says_how_to_write_one(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer], value: str
) -> None:
    client.force_login(cast.bob)

    page = _save(client, cbi_answers["CBI-01"], value)

    assert "does not fit" not in page
    assert "0–9" in page or "write a number from 0 to 100" in page


def test_huge_value_is_a_form_error_not_a_server_error(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer]
) -> None:
    client.force_login(cast.bob)

    response = client.post(
        reverse("assessments:answer", args=[cbi_answers["CBI-02"].pk]),
        {"base_version": "0", "value": "9" * 5000},
        **HTMX,
    )

    assert response.status_code == 422


def test_answer_page_shows_the_band_table_with_its_unit(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer]
) -> None:
    client.force_login(cast.bob)

    page = client.get(reverse("assessments:answer", args=[cbi_answers["CBI-01"].pk]))

    text = page.content.decode()
    assert "How a value earns points" in text
    assert "Value (% of city area)" in text
    for values in ("below 1.0", "1.0–6.9", "7.0–13.9", "14.0–20.0", "above 20.0"):
        assert f"<td>{values}</td>" in text
    assert "Lower is better" not in text


def test_lower_is_better_indicator_says_so_beside_its_bands(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer]
) -> None:
    client.force_login(cast.bob)

    page = client.get(reverse("assessments:answer", args=[cbi_answers["CBI-10"].pk]))

    text = page.content.decode()
    assert "Lower is better" in text
    assert "<td>above 30.0</td><td>0</td>" in text


def test_band_table_is_shown_in_the_readers_language(
    cast: Cast, client: Client, cbi_answers: dict[str, Answer]
) -> None:
    client.force_login(cast.bob)

    page = client.get(
        reverse("assessments:answer", args=[cbi_answers["CBI-02"].pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )

    with translation.override("zh-hant"):
        caption = translation.gettext("How a value earns points")
    assert caption != "How a value earns points"
    assert caption in page.content.decode()


def test_choice_indicator_has_no_band_table(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    page = client.get(reverse("assessments:answer", args=[cast.answer("E1").pk]))

    assert "How a value earns points" not in page.content.decode()

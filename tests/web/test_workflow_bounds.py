"""Every number the workflow's forms and addresses take is bounded: a number out of range, not a
number at all or absurdly long is a form error, a message or "not found", never a server error.

Run on SQLite and, with ``--postgres``, on PostgreSQL, whose integer columns are narrower.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    save_answer,
    start_reconciliation,
)
from stocktake_web.assessments.models import Answer, Conflict, Reconciliation, Round

from .conftest import Cast

HTMX = {"HTTP_HX_REQUEST": "true"}

AWKWARD = [str(2**31), str(2**63), "-1", "1e309", "NaN", "inf", "9" * 5000]
"""Numbers past PostgreSQL's integer and bigint, below zero, past a float, not a number at all,
and longer than Python reads as an integer by default."""

OUT_OF_RANGE_IDS = [str(2**31), str(2**63), str(2**64), "9" * 5000]


def _e3(cast: Cast) -> Answer:
    """The environment department's answer to E3, a measured value (a share in %)."""
    assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.environment)])
    return cast.answer("E3")


@pytest.mark.parametrize("number", AWKWARD)
def test_an_autosave_with_an_awkward_base_version_is_a_form_error(
    cast: Cast, client: Client, number: str
) -> None:
    answer = cast.answer("E1")
    client.force_login(cast.bob)

    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": number, "value": "2"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "reload the page" in response.content.decode()
    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("", 0)
    assert not Conflict.objects.exists()


def test_a_page_save_with_an_awkward_base_version_shows_why_on_the_page(
    cast: Cast, client: Client
) -> None:
    answer = cast.answer("E1")
    client.force_login(cast.bob)

    response = client.post(
        reverse("assessments:answer", args=[answer.pk]), {"base_version": str(2**63), "value": "2"}
    )

    assert response.status_code == 422
    assert "reload the page" in response.content.decode()


@pytest.mark.parametrize("number", AWKWARD)
def test_an_awkward_importance_is_a_form_error(cast: Cast, client: Client, number: str) -> None:
    answer = cast.answer("E1")
    client.force_login(cast.bob)

    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": "0", "value": "2", "importance": number},
        **HTMX,
    )

    assert response.status_code == 422
    answer.refresh_from_db()
    assert answer.importance is None


@pytest.mark.parametrize(
    ("number", "status"),
    [
        # E3 is a share: past 100 and below 0 it is refused for its unit, not its column.
        (str(2**31), 422),
        (str(2**63), 422),
        ("-1", 422),
        ("100", 200),
        ("12.5", 200),
        ("1e309", 422),
        ("NaN", 422),
        ("inf", 422),
        ("9" * 5000, 422),
        ("1_000", 422),
        ("１２", 422),
        ("١٢", 422),
        ("１,２００", 422),
    ],
)
def test_a_measured_value_is_kept_when_it_is_a_finite_number_that_fits_its_column(
    cast: Cast, client: Client, number: str, status: int
) -> None:
    answer = _e3(cast)
    client.force_login(cast.bob)

    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": "0", "value": number},
        **HTMX,
    )

    answer.refresh_from_db()
    assert response.status_code == status
    assert answer.value == (number if status == 200 else "")


@pytest.mark.parametrize("number", AWKWARD)
def test_a_reconciliation_with_an_awkward_base_version_is_refused_with_a_message(
    cast: Cast, client: Client, number: str
) -> None:
    start_reconciliation(round=cast.round)
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:reconcile", args=[cast.round.pk, "G1"]),
        {"r-G1-value": "2", "r-G1-reason": "Agreed", "r-G1-base_version": number},
        follow=True,
    )

    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    assert not Reconciliation.objects.exists()


@pytest.mark.parametrize(
    ("number", "kept"),
    [
        (str(2**31), False),
        (str(2**63), False),
        ("-1", False),
        ("0", True),
        ("12.5", True),
        ("1e309", False),
        ("NaN", False),
        ("inf", False),
        ("9" * 5000, False),
        ("1_000", False),
        ("１２", False),
        ("١٢", False),
    ],
)
def test_a_reconciled_measured_value_is_kept_only_when_it_fits(
    cast: Cast, client: Client, number: str, kept: bool
) -> None:
    _e3(cast)
    start_reconciliation(round=cast.round)
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:reconcile", args=[cast.round.pk, "E3"]),
        {"r-E3-value": number, "r-E3-reason": "Measured", "r-E3-base_version": "0"},
        follow=True,
    )

    assert response.status_code == 200
    stored = list(Reconciliation.objects.values_list("value", flat=True))
    assert stored == ([number] if kept else [])


@pytest.mark.parametrize("number", AWKWARD)
def test_an_awkward_framework_choice_is_a_form_error(
    cast: Cast, client: Client, number: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("assessments:open_round", args=["harbour"]),
        {"framework": number, "name": "2030", "deadline": "2099-01-31"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Round.objects.filter(name="2030").exists()


@pytest.mark.parametrize("number", AWKWARD)
def test_an_awkward_history_page_number_shows_a_page(
    cast: Cast, client: Client, number: str
) -> None:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="2"))
    client.force_login(cast.bob)

    response = client.get(reverse("assessments:answer_history", args=[answer.pk]), {"page": number})

    assert response.status_code == 200
    assert "1 change" in response.content.decode()


@pytest.mark.parametrize("number", OUT_OF_RANGE_IDS)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/rounds/{}/"),
        ("get", "/rounds/{}/departments/environment/"),
        ("post", "/rounds/{}/sign-off/"),
        ("get", "/answers/{}/"),
        ("get", "/answers/{}/history/"),
        ("get", "/answers/{}/file/"),
        ("post", "/conflicts/{}/resolve/"),
    ],
)
def test_an_id_past_any_column_in_an_address_is_not_found(
    cast: Cast, client: Client, method: str, path: str, number: str
) -> None:
    client.force_login(cast.alice)

    response = getattr(client, method)(path.format(number))

    assert response.status_code == 404

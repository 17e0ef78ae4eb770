"""Edges of the coordinator's workflow: a partial assignment grid takes back only what it showed,
and reconciling waits until answering is closed."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import AnswerContent, save_answer, start_reconciliation
from stocktake_web.assessments.models import Assignment, Reconciliation

from .conftest import Cast
from .test_views import _disagree_on_g1 as disagree_on_g1

SUGGESTED = {
    ("G1", "planning"),
    ("G1", "environment"),
    ("G2", "planning"),
    ("E1", "environment"),
    ("E2", "environment"),
}
INPUT = re.compile(r"<input ([^>]*)>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)(?:="([^"]*)")?')


def _pairs(cast: Cast) -> set[tuple[str, str]]:
    rows = Assignment.objects.filter(round=cast.round)
    return set(rows.values_list("indicator", "department__slug"))


def _grid_post(page: str) -> list[tuple[str, str]]:
    """What a browser sends for the assignment grid as the page shows it, in page order:
    hidden fields and ticked boxes that are not disabled."""
    form = page.split('<table class="grid-table">', 1)[1].split("</form>", 1)[0]
    fields = []
    for match in INPUT.finditer(form):
        attributes = {name: value for name, value in ATTRIBUTE.findall(match.group(1))}
        kind = attributes.get("type")
        ticked = kind == "checkbox" and "checked" in attributes and "disabled" not in attributes
        if kind == "hidden" or ticked:
            fields.append((attributes["name"], attributes["value"]))
    return fields


def _post(client: Client, cast: Cast, fields: list[tuple[str, str]]) -> str:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = client.post(reverse("assessments:assign", args=[cast.round.pk]), data, follow=True)
    return response.content.decode()


def _round_page(client: Client, cast: Cast) -> str:
    return client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()


def test_a_post_that_names_no_shown_pairs_takes_nothing_back(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    page = _post(client, cast, [("assign", "E3:environment")])

    assert "1 assignment added, 0 taken back." in page
    assert _pairs(cast) == SUGGESTED | {("E3", "environment")}


def test_the_grid_sent_back_unchanged_changes_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    page = _post(client, cast, _grid_post(_round_page(client, cast)))

    assert "0 assignments added, 0 taken back." in page
    assert _pairs(cast) == SUGGESTED


def test_a_box_unticked_on_the_grid_takes_that_pair_back(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    fields = _grid_post(_round_page(client, cast))

    page = _post(client, cast, [field for field in fields if field[1] != "E2:environment"])

    assert "0 assignments added, 1 taken back." in page
    assert _pairs(cast) == SUGGESTED - {("E2", "environment")}


def test_a_grid_post_cut_short_takes_back_only_from_the_rows_it_carries_in_full(
    cast: Cast, client: Client
) -> None:
    """A post cut after the first row's boxes: the other rows' ticks never arrived, and their
    pairs must not be read as unticked."""
    client.force_login(cast.alice)
    fields = _grid_post(_round_page(client, cast))
    first_row = fields.index(("shown_indicator", "G1")) + 1

    page = _post(client, cast, [f for f in fields[:first_row] if f != ("assign", "G1:planning")])

    assert "0 assignments added, 1 taken back." in page
    assert _pairs(cast) == SUGGESTED - {("G1", "planning")}


def test_a_column_not_shown_is_left_alone(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    fields = _grid_post(_round_page(client, cast))
    without_planning = [
        field
        for field in fields
        if field != ("shown_department", "planning") and not field[1].endswith(":planning")
    ]

    page = _post(client, cast, without_planning)

    assert "0 assignments added, 0 taken back." in page
    assert _pairs(cast) == SUGGESTED


def test_answered_pairs_stay_assigned_whatever_the_grid_says(cast: Cast, client: Client) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    client.force_login(cast.alice)
    fields = _grid_post(_round_page(client, cast))

    page = _post(client, cast, [field for field in fields if field[0] != "assign"])

    assert "0 assignments added, 4 taken back." in page
    assert _pairs(cast) == {("E1", "environment")}


def test_reconciling_while_answering_is_open_is_refused_with_a_reason(
    cast: Cast, client: Client
) -> None:
    disagree_on_g1(cast)
    client.force_login(cast.alice)

    page = client.post(
        reverse("assessments:reconcile", args=[cast.round.pk, "G1"]),
        {"r-G1-value": "2", "r-G1-reason": "Agreed", "r-G1-base_version": "0"},
        follow=True,
    ).content.decode()

    assert "Close answering before reconciling" in page
    assert not Reconciliation.objects.exists()


def test_the_round_page_offers_reconciling_only_once_answering_is_closed(
    cast: Cast, client: Client
) -> None:
    disagree_on_g1(cast)
    client.force_login(cast.alice)

    while_open = _round_page(client, cast)
    start_reconciliation(round=cast.round)
    once_closed = _round_page(client, cast)

    assert 'id="d-G1"' in while_open and 'id="d-G1"' in once_closed
    assert "r-G1-reason" not in while_open
    assert "Disagreements are reconciled once answering is closed" in while_open
    assert "r-G1-reason" in once_closed
    assert 'name="r-G1-base_version" value="0"' in once_closed

"""A round's results exports: every line titled in the reader's language, scores rounded, and in
the workbook every figure a number, never text."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stocktake_web.assessments.domain import AnswerContent, save_answer

from .conftest import Cast


def _answered(cast: Cast) -> None:
    """G1 at level 1 of 4 and E1 at 2: group and pathway scores to round."""
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2"),
    )


def _csv_rows(client: Client, cast: Cast, **headers: str) -> list[dict[str, str]]:
    response = client.get(reverse("dashboards:results_csv", args=[cast.round.pk]), **headers)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("accept", "g1", "e2"),
    [
        ("en", "Cross-departmental coordination", "Waste strategy"),
        ("zh-TW", "跨局處協調", "廢棄物策略"),
    ],
)
def test_every_indicator_line_has_its_title_in_the_reader_s_language(
    cast: Cast, client: Client, accept: str, g1: str, e2: str
) -> None:
    _answered(cast)
    client.force_login(cast.alice)

    rows = _csv_rows(client, cast, HTTP_ACCEPT_LANGUAGE=accept)

    titles = {row["id"]: row["title"] for row in rows if row["level"] == "indicator"}
    assert titles["G1"] == g1
    assert titles["E2"] == e2
    assert all(titles.values())


def test_scores_and_coverage_are_rounded(cast: Cast, client: Client) -> None:
    _answered(cast)
    client.force_login(cast.alice)

    rows = _csv_rows(client, cast)

    for row in rows:
        for name, digits in (("score", 1), ("coverage", 3), ("points", 2)):
            decimals = row[name].partition(".")[2]
            assert len(decimals) <= digits, (row["id"], name, row[name])
    g1 = next(row for row in rows if row["id"] == "G1")
    assert g1["score"] == "25.0"


def test_the_workbook_stores_every_figure_as_a_number(cast: Cast, client: Client) -> None:
    _answered(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:results_xlsx", args=[cast.round.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["results"]

    header = [cell.value for cell in sheet[1]]
    figures = [header.index(name) for name in ("points", "max_points", "score", "coverage")]
    checked = 0
    for line in sheet.iter_rows(min_row=2):
        for column in figures:
            cell = line[column]
            if cell.value is not None:
                assert cell.data_type == "n", (line[1].value, header[column], cell.value)
                assert isinstance(cell.value, int | float)
                checked += 1
    assert checked > 10
    g1 = next(line for line in sheet.iter_rows(min_row=2) if line[1].value == "G1")
    assert g1[header.index("title")].value == "Cross-departmental coordination"
    assert g1[header.index("attainable_max")].value is None

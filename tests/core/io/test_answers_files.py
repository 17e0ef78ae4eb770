"""Reading and writing answers files (CSV and XLSX)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from stocktake.answers import Answer
from stocktake.errors import AnswerError
from stocktake.frameworks import Framework
from stocktake.io import COLUMNS, read_answers, write_answers


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_sheets(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


SAMPLE = [
    Answer(
        indicator="G1",
        value=3,
        city="lanwan",
        department="planning",
        confidence="high",
        importance=4,
        support_needed=("training", "finance"),
        evidence="Plan adopted in 2024, 分局協調",
        comment='Says "yes, mostly"',
    ),
    Answer(indicator="E1", value=12.5, city="lanwan", department="environment"),
    Answer(indicator="E3", value="draft", city="lanwan", department="environment"),
    Answer(indicator="G2", value=None, city="lanwan", department="planning", comment="unsure"),
    Answer(indicator="G1", value=2, city="lanwan", reconciled=True),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_written_answers_read_back_identical(tmp_path: Path, mini: Framework, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"

    write_answers(SAMPLE, path)

    assert read_answers(path, framework=mini) == SAMPLE


def test_csv_is_written_with_byte_order_mark_and_every_column(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"

    write_answers(SAMPLE[:1], path)

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_reads_with_or_without_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,evidence\nG1,2,計畫\n", encoding)

    assert read_answers(path) == [Answer(indicator="G1", value=2, evidence="計畫")]


def test_header_names_ignore_case_and_surrounding_spaces(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", " Indicator ,VALUE, Support_Needed \nG1,1,training\n")

    assert read_answers(path) == [Answer(indicator="G1", value=1, support_needed=("training",))]


def test_semicolon_separated_csv_from_excel_is_read(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator;value;department\nG1;4;planning\n")

    assert read_answers(path) == [Answer(indicator="G1", value=4, department="planning")]


def test_blank_rows_are_skipped_and_blank_values_stay_blank(
    tmp_path: Path, mini: Framework
) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\n\nG1,\n , \nG2,no\n")

    answers = read_answers(path, framework=mini)

    assert answers == [Answer(indicator="G1", value=None), Answer(indicator="G2", value="no")]
    assert answers[0].is_blank


def test_numbers_are_read_as_numbers_and_choices_as_text(tmp_path: Path, mini: Framework) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nG1,3\nE1,6.95\nE3,draft\n")

    values = [answer.value for answer in read_answers(path, framework=mini)]

    assert values == [3, 6.95, "draft"]


def test_support_needed_is_split_on_semicolons(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "a.csv", "indicator,value,support_needed\nG1,1, training ; finance;\n"
    )

    assert read_answers(path)[0].support_needed == ("training", "finance")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("TRUE", True), ("1", True), ("no", False), ("false", False), ("", False)],
)
def test_reconciled_accepts_yes_no_true_false_one_zero(
    tmp_path: Path, cell: str, expected: bool
) -> None:
    path = write_text(tmp_path / "a.csv", f"indicator,value,reconciled\nG1,1,{cell}\n")

    assert read_answers(path)[0].reconciled is expected


def test_without_a_framework_any_indicator_is_accepted(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nANY-1,whatever\n")

    assert read_answers(path) == [Answer(indicator="ANY-1", value="whatever")]


def test_header_only_file_has_no_answers(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\n")

    assert read_answers(path) == []


# -- errors name the file, the row and the column ------------------------------------------------


def error_of(path: Path, framework: Framework | None = None) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        read_answers(path, framework=framework)
    return caught.value


def test_unknown_indicator_names_file_row_and_column(tmp_path: Path, mini: Framework) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nG1,1\n\nG9,2\n")

    error = error_of(path, mini)

    assert (error.source, error.row, error.column) == (str(path), 4, "indicator")
    assert str(error) == (
        f"{path}, row 4, column 'indicator': there is no indicator 'G9' in the framework mini"
    )


def test_value_outside_the_scale_names_row_and_value_column(
    tmp_path: Path, mini: Framework
) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nG1,5\n")

    error = error_of(path, mini)

    assert (error.row, error.column) == (2, "value")
    assert "takes a level of 0, 1, 2, 3, 4, but the value is '5'" in str(error)


def test_unknown_support_kind_names_the_known_ones(tmp_path: Path, mini: Framework) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,support_needed\nG1,1,training;money\n")

    error = error_of(path, mini)

    assert (error.row, error.column) == (2, "support_needed")
    assert "'money' is not a kind of support of the framework mini; use training, finance" in str(
        error
    )


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("confidence", "very"),
        ("importance", "6"),
        ("importance", "2.5"),
        ("importance", "high"),
        ("reconciled", "maybe"),
    ],
)
def test_bad_optional_cells_name_their_column(tmp_path: Path, column: str, cell: str) -> None:
    path = write_text(tmp_path / "a.csv", f"indicator,value,{column}\nG1,1,{cell}\n")

    error = error_of(path)

    assert (error.row, error.column) == (2, column)


def test_unknown_columns_are_named(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,colour,Mood\nG1,1,red,ok\n")

    error = error_of(path)

    assert error.row == 1
    assert "unknown columns 'colour', 'Mood'" in str(error)


def test_missing_value_column_is_named(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,department\nG1,planning\n")

    assert "the header has no value column" in str(error_of(path))


def test_repeated_column_is_an_error(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,value\nG1,1,2\n")

    assert "the column value appears more than once in the header (columns B and C)" in str(
        error_of(path)
    )


def test_cell_beyond_the_header_is_an_error(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nG1,1,extra\n")

    error = error_of(path)

    assert error.row == 2
    assert "cell 3 of this row has a value but its column has no header" in str(error)


def test_missing_indicator_in_a_row_is_an_error(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\n,3\n")

    error = error_of(path)

    assert (error.row, error.column) == (2, "indicator")


def test_text_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,evidence\nG1,1,計畫\n", "big5")

    assert str(error_of(path)) == (
        f"{path}: the file is not UTF-8 text (line 2); save it again as 'CSV UTF-8'"
    )


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "indicator,value\n")

    assert "must be a CSV file (.csv) or an Excel workbook (.xlsx)" in str(error_of(path))


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "none.csv"

    assert str(error_of(path)) == f"{path}: there is no such file"


def test_a_missing_file_of_another_type_is_said_to_be_missing(tmp_path: Path) -> None:
    path = tmp_path / "none.txt"

    assert str(error_of(path)) == f"{path}: there is no such file"


def test_a_missing_path_without_suffix_may_have_been_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "answers"

    assert str(error_of(path)) == f"{path}: there is no such file or folder"


def test_empty_file_names_the_file(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "")

    assert str(error_of(path)).startswith(f"{path}: the file is empty")


def test_corrupt_workbook_names_the_file(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.xlsx", "indicator,value\n")

    assert str(error_of(path)).startswith(f"{path}: the file is not a readable Excel workbook")


# -- workbooks ---------------------------------------------------------------------------------


def test_workbook_sheet_named_answers_is_preferred(tmp_path: Path) -> None:
    path = write_sheets(
        tmp_path / "a.xlsx",
        {"notes": [["anything"]], "Answers": [["indicator", "value"], ["G1", 2]]},
    )

    assert read_answers(path) == [Answer(indicator="G1", value=2)]


def test_workbook_first_sheet_is_read_without_an_answers_sheet(tmp_path: Path) -> None:
    path = write_sheets(
        tmp_path / "a.xlsx",
        {"Round 1": [["Indicator", "Value", "Importance", "Reconciled"], ["G1", 2.0, 4.0, True]]},
    )

    assert read_answers(path) == [Answer(indicator="G1", value=2.0, importance=4, reconciled=True)]


def test_workbook_error_names_spreadsheet_row_and_column(tmp_path: Path, mini: Framework) -> None:
    rows: list[list[object]] = [["indicator", "value"], ["G1", 1], [None, None], ["E1", "lots"]]
    path = write_sheets(tmp_path / "a.xlsx", {"answers": rows})

    error = error_of(path, mini)

    assert (error.source, error.row, error.column) == (str(path), 4, "value")


# -- round trip as a property ----------------------------------------------------------------

_NUMERIC = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
plain_text = st.text(
    st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\ufeff"), max_size=20
).map(str.strip)
identifier = st.from_regex(r"[A-Za-z][A-Za-z0-9_.-]{0,8}", fullmatch=True)


def _reads_as_text(text: str) -> bool:
    """Whether a value written as ``text`` reads back as text: not a number in any script."""
    if not text or _NUMERIC.match(text):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


values = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: not x.is_integer()),
    plain_text.filter(_reads_as_text),
)
answers = st.builds(
    Answer,
    indicator=identifier,
    value=values,
    city=plain_text,
    department=plain_text,
    confidence=st.sampled_from([None, "low", "medium", "high"]),
    importance=st.one_of(st.none(), st.integers(1, 5)),
    support_needed=st.lists(identifier, max_size=3).map(tuple),
    evidence=plain_text,
    comment=plain_text,
    reconciled=st.booleans(),
)


def _answered_once(answer: Answer) -> tuple[object, ...]:
    if answer.reconciled:
        return (True, answer.city, answer.indicator)
    return (False, answer.city, answer.department, answer.indicator)


@given(st.lists(answers, max_size=8, unique_by=_answered_once))
def test_any_answers_survive_a_csv_round_trip(
    tmp_path_factory: pytest.TempPathFactory, batch: list[Answer]
) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "answers.csv"

    write_answers(batch, path)

    assert read_answers(path) == batch

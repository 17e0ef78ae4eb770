"""The one table reader: every malformed table is refused at its file, row and column."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from stocktake.answers import Answer
from stocktake.composite import CompositeError, read_tabular
from stocktake.errors import AnswerError, FileError
from stocktake.frameworks import Framework
from stocktake.io import read_answers, read_table
from stocktake.io.cells import read_number

COMPOSITE = Path(__file__).parents[1] / "composite" / "data"
PLACEHOLDER = 987654321


def write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def workbook_with_stored(path: Path, stored: str, *, dimension: str | None = None) -> Path:
    """An answers workbook whose number cell B3 holds ``stored`` as Excel's XML has it."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "answers"
    for row in (["indicator", "value"], ["G1", 1], ["E1", PLACEHOLDER]):
        sheet.append(row)
    workbook.save(path)
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[member].decode().replace(f"<v>{PLACEHOLDER}</v>", f"<v>{stored}</v>")
    if dimension is not None:
        xml = xml.replace('<dimension ref="A1:B3" />', f'<dimension ref="{dimension}" />')
    parts[member] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def answers_error(path: Path, framework: Framework | None = None) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        read_answers(path, framework=framework)
    return caught.value


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", 3), ("-12.5", -12.5), ("+1e3", 1000.0), (" 7 ", 7), (".5", 0.5), ("1" + "0" * 18, 1e18)],
)
def test_numbers_written_with_0_to_9_are_read(text: str, expected: float) -> None:
    assert read_number(text) == expected


@pytest.mark.parametrize("text", ["three", "1,000", "inf", "NaN", "", "1e", "--1", "12%"])
def test_text_that_is_no_number_stays_text(text: str) -> None:
    assert read_number(text) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("１２", "digits other than 0–9"),
        ("٣٥", "digits other than 0–9"),
        ("१२३", "digits other than 0–9"),
        ("1_000", "underscore inside the number; write it without, as 1000"),
        ("9" * 5000, "has 5000 digits, too large to be a value"),
        ("1e400", "'1e400' is too large to be a value"),
        ("-2.5E999", "'-2.5E999' is too large to be a value"),
        ("1e999", "too large to be a value"),
    ],
)
def test_numbers_no_one_types_are_refused_saying_how_to_write_them(text: str, says: str) -> None:
    with pytest.raises(FileError, match=says):
        read_number(text)


def test_a_five_thousand_digit_value_is_refused_at_its_row_and_column(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", f"indicator,value\nG1,1\nE1,{'9' * 5000}\n")

    error = answers_error(path)

    assert (error.source, error.row, error.column) == (str(path), 3, "value")
    assert "5000 digits" in str(error) and len(str(error)) < 300


@pytest.mark.parametrize("value", ["３", "٣", "1_000"])
def test_look_alike_numbers_are_refused_in_answers(tmp_path: Path, value: str) -> None:
    path = write_text(tmp_path / "a.csv", f"indicator,value\nG1,{value}\n")

    error = answers_error(path)

    assert (error.row, error.column) == (2, "value")


def test_look_alike_numbers_are_refused_in_composite_data(tmp_path: Path) -> None:
    rows = (COMPOSITE / "units.csv").read_text(encoding="utf-8").splitlines()
    cells = rows[3].split(",")
    cells[4] = "３２"
    rows[3] = ",".join(cells)
    units = write_text(tmp_path / "units.csv", "\n".join(rows) + "\n")

    with pytest.raises(CompositeError) as caught:
        read_tabular(units, COMPOSITE / "meta.csv")

    header = rows[0].split(",")
    assert (caught.value.row, caught.value.column) == (4, header[4])
    assert "digits other than 0–9" in str(caught.value)


# -- workbooks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stored", ["NaN", "INF", "-INF", "lots", "9" * 5000])
def test_a_number_cell_that_holds_no_number_is_refused_at_its_cell(
    tmp_path: Path, stored: str
) -> None:
    path = workbook_with_stored(tmp_path / "a.xlsx", stored)

    error = answers_error(path)

    assert (error.source, error.row, error.column) == (str(path), 3, "B")
    assert "stored as a number but holds" in str(error)


def test_an_infinite_number_cell_is_refused(tmp_path: Path) -> None:
    path = workbook_with_stored(tmp_path / "a.xlsx", "1E+999")

    error = answers_error(path)

    assert (error.row, error.column) == (3, "B")
    assert "not a number a calculation can use" in str(error)


def test_a_number_cell_of_four_thousand_digits_is_refused(tmp_path: Path) -> None:
    path = workbook_with_stored(tmp_path / "a.xlsx", "9" * 4000)

    error = answers_error(path)

    assert (error.row, error.column) == (3, "B")
    assert "4000 digits" in str(error)


def test_a_declared_dimension_of_a_million_rows_is_not_trusted(tmp_path: Path) -> None:
    path = workbook_with_stored(tmp_path / "a.xlsx", "2", dimension="A1:XFD1048576")

    started = time.perf_counter()
    table = read_table(path)
    elapsed = time.perf_counter() - started

    assert [number for number, _ in table.rows] == [2, 3]
    assert table.columns == ("indicator", "value")
    assert elapsed < 5  # padding to the declared size would take minutes


def test_a_missing_sheet_is_named_with_the_sheets_there_are(tmp_path: Path) -> None:
    path = workbook_with_stored(tmp_path / "a.xlsx", "2")

    with pytest.raises(FileError, match="no sheet 'Data'; its sheets are 'answers'"):
        read_table(path, sheet="Data")


# -- CSV quoting -------------------------------------------------------------------------------


def test_an_unterminated_quote_is_refused_where_it_opens(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "a.csv", 'indicator,value,evidence\nG1,1,"plan\nG2,yes,ok\nE1,2,fine\n'
    )

    error = answers_error(path)

    assert error.row == 2
    assert "a quote opens a cell on line 2 and is never closed" in str(error)


def test_a_quote_inside_a_cell_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", 'indicator,value,evidence\nG1,1,"plan"b\n')

    error = answers_error(path)

    assert error.row == 2
    assert 'write a quote inside a quoted cell as two quotes ("")' in str(error)


def test_a_quoted_cell_over_several_lines_is_one_cell_and_later_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    path = write_text(
        tmp_path / "a.csv", 'indicator,value,evidence\nG1,1,"two\nlines"\nG2,yes,"say ""ok"""\n'
    )

    table = read_table(path)

    assert table.rows == [(2, ["G1", "1", "two\nlines"]), (3, ["G2", "yes", 'say "ok"'])]


def test_mixed_line_endings_and_byte_order_marks_inside_cells_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffindicator,value\r\nG1,1\rG2,\ufeffyes\n\ufeffE1,2\r\n".encode())

    table = read_table(path)

    assert [cells for _, cells in table.rows] == [["G1", "1"], ["G2", "yes"], ["E1", "2"]]


def test_a_cell_quoted_against_formulas_is_read_as_typed(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value,evidence\nG1,1,'=SUM(A1)\nG2,no,'ok\n")

    answers = read_answers(path)

    assert [answer.evidence for answer in answers] == ["=SUM(A1)", "'ok"]


# -- one answer per department and indicator --------------------------------------------------


def test_six_rows_for_one_department_and_indicator_are_refused_at_the_second(
    tmp_path: Path,
) -> None:
    rows = "".join(f"G1,{level},harbour,planning\n" for level in (0, 1, 2, 3, 4, 2))
    path = write_text(tmp_path / "a.csv", "indicator,value,city,department\n" + rows)

    error = answers_error(path)

    assert (error.row, error.column) == (3, "indicator")
    assert (
        "a second answer to G1 from department 'planning' in city 'harbour' "
        "(the first is on row 2); keep one row per department and indicator"
    ) in str(error)


def test_two_reconciled_rows_for_one_indicator_are_refused(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "a.csv",
        "indicator,value,department,reconciled\nG1,2,,yes\nG1,3,planning,no\nG1,4,,yes\n",
    )

    error = answers_error(path)

    assert error.row == 4
    assert "a second reconciled answer to G1 (the first is on row 2)" in str(error)


def test_the_same_indicator_from_other_departments_and_cities_is_read(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "a.csv",
        "indicator,value,city,department,reconciled\n"
        "G1,1,harbour,planning,no\nG1,2,harbour,environment,no\n"
        "G1,3,hillside,planning,no\nG1,2,harbour,,yes\nG1,3,hillside,,yes\n",
    )

    assert [answer.value for answer in read_answers(path)] == [1, 2, 3, 2, 3]


# -- the header ------------------------------------------------------------------------------


def test_a_header_only_file_with_blank_rows_before_it_keeps_spreadsheet_row_numbers(
    tmp_path: Path,
) -> None:
    path = write_text(tmp_path / "a.csv", "\n,\nindicator,value\n\nG9,1\n")

    table = read_table(path)

    assert (table.header_row, table.rows) == (3, [(5, ["G9", "1"])])


def test_an_empty_header_column_with_values_below_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,,value\nG1,x,1\n")

    with pytest.raises(FileError) as caught:
        read_table(path)

    assert (caught.value.row, caught.value.column) == (2, "B")


def test_composite_tables_refuse_a_repeated_column(tmp_path: Path) -> None:
    rows = (COMPOSITE / "units.csv").read_text(encoding="utf-8").splitlines()
    rows = [row + "," + row.split(",")[4] for row in rows]
    units = write_text(tmp_path / "units.csv", "\n".join(rows) + "\n")

    with pytest.raises(CompositeError, match="appears more than once in the header"):
        read_tabular(units, COMPOSITE / "meta.csv")


def test_composite_tables_read_from_csv_and_xlsx_alike(tmp_path: Path) -> None:
    for name in ("units", "meta"):
        frame = pd.read_csv(COMPOSITE / f"{name}.csv", dtype=str, keep_default_na=False)
        frame.to_excel(tmp_path / f"{name}.xlsx", index=False)

    from_csv = read_tabular(COMPOSITE / "units.csv", COMPOSITE / "meta.csv")
    from_xlsx = read_tabular(tmp_path / "units.xlsx", tmp_path / "meta.xlsx")

    pd.testing.assert_frame_equal(from_csv.units, from_xlsx.units)


def test_reading_answers_is_the_same_with_or_without_a_framework_for_valid_rows(
    tmp_path: Path, mini: Framework
) -> None:
    path = write_text(tmp_path / "a.csv", "indicator,value\nG1,3\nE1,6.95\n")

    assert (
        read_answers(path)
        == read_answers(path, framework=mini)
        == [
            Answer(indicator="G1", value=3),
            Answer(indicator="E1", value=6.95),
        ]
    )

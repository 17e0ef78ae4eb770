"""Formula cells of a workbook: read as their calculated value, refused when there is none."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from stocktake.errors import FileError
from stocktake.io import read_table
from stocktake.knowledge import CatalogueFileError, read_catalogue
from stocktake.screening.files import read_criteria

SHEET = "xl/worksheets/sheet1.xml"


def workbook(path: Path, rows: list[list[Any]], *, stored: dict[str, str] | None = None) -> Path:
    """A workbook as a program writes it: openpyxl keeps formulas without a calculated value.

    ``stored`` replaces pieces of the sheet's XML, to give a formula the value a spreadsheet
    program would have kept beside it.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[SHEET].decode()
    for old, new in (stored or {}).items():
        assert old in xml
        xml = xml.replace(old, new)
    parts[SHEET] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def refused(path: Path) -> FileError:
    with pytest.raises(FileError) as caught:
        read_table(path)
    return caught.value


def test_a_formula_without_a_value_is_refused_at_its_row_and_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", [["id", "title"], ["a", "plain"], ["b", "=1+1"]])

    error = refused(path)

    assert (error.source, error.row, error.column) == (str(path), 3, "title")
    assert "the formula =1+1, whose value was never calculated" in error.detail
    assert "open the file in a spreadsheet program and save it, or type the value" in error.detail


def test_a_formula_with_its_calculated_value_is_read_as_that_value(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        [["id", "title", "points"], ["a", '=CONCAT("a","b")', "=1+1"]],
        stored={
            '<c r="B2"><f>CONCAT("a","b")</f><v /></c>': (
                '<c r="B2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>'
            ),
            '<c r="C2"><f>1+1</f><v /></c>': '<c r="C2"><f>1+1</f><v>2</v></c>',
        },
    )

    assert read_table(path).rows == [(2, ["a", "ab", 2])]


def test_a_formula_whose_calculated_value_is_empty_text_reads_as_blank(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        [["id", "title"], ["a", '=IF(1,"","x")']],
        stored={'<c r="B2"><f>': '<c r="B2" t="str"><f>', "<v />": "<v></v>"},
    )

    assert read_table(path).rows == [(2, ["a", None])]


def test_a_shared_formula_without_a_value_is_refused_too(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        [["id", "points"], ["a", 1], ["b", 2]],
        stored={
            '<c r="B2" t="n"><v>1</v></c>': (
                '<c r="B2"><f t="shared" ref="B2:B3" si="0">1</f><v>1</v></c>'
            ),
            '<c r="B3" t="n"><v>2</v></c>': '<c r="B3"><f t="shared" si="0" /></c>',
        },
    )

    error = refused(path)

    assert (error.row, error.column) == (3, "points")
    assert "holds a formula, whose value was never calculated" in error.detail


def test_only_the_sheet_read_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["id"])
    first.append(["a"])
    book.create_sheet("notes").append(["=1+1"])
    book.save(path)

    assert read_table(path).rows == [(2, ["a"])]
    assert refused_sheet(path, "notes").row == 1


def refused_sheet(path: Path, sheet: str) -> FileError:
    with pytest.raises(FileError) as caught:
        read_table(path, sheet=sheet)
    return caught.value


def test_a_catalogue_lists_every_formula_never_calculated_with_the_other_problems(
    tmp_path: Path,
) -> None:
    """The catalogue reports every problem of every row at once: a formula never calculated is
    one of them, not a stop before the others."""
    path = workbook(
        tmp_path / "catalogue.xlsx",
        [
            ["id", "kind", "title_en", "summary_en", "year"],
            ["r", "guide", '=CONCAT("a","b")', "=1+1", 2024],
            ["s", "guide", "Fine", "Fine", 1800],
            ["t", "guide", "Fine", "=2+2", 2024],
        ],
    )

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "title_en", "uncalculated_formula"),
        (2, "summary_en", "uncalculated_formula"),
        (3, "year", "bad_year"),
        (4, "summary_en", "uncalculated_formula"),
    ]
    assert caught.value.problems[0].params == {"formula": 'CONCAT("a","b")'}


def test_a_screening_weight_from_a_formula_is_refused_not_called_missing(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "criteria.xlsx",
        [["criterion", "weight", "direction"], ["cost", "=2*3", "cost"]],
    )

    with pytest.raises(FileError) as caught:
        read_criteria(path)

    assert (caught.value.row, caught.value.column) == (2, "weight")
    assert "missing" not in str(caught.value)


def test_a_formula_in_the_header_row_or_an_unnamed_column_is_named_by_its_letters(
    tmp_path: Path,
) -> None:
    in_header = workbook(tmp_path / "h.xlsx", [["id", "=1+1"], ["a", "plain"]])
    unnamed = workbook(tmp_path / "u.xlsx", [["id", "title"], ["a", "plain", "=2+2"]])

    assert (refused(in_header).row, refused(in_header).column) == (1, "B")
    assert (refused(unnamed).row, refused(unnamed).column) == (2, "C")

"""Every problem of the table reader carries a code and the values its sentence needs, so that
an interface can say it in its reader's language; a row limit stops reading early."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from stocktake.errors import FileError
from stocktake.io import read_table
from stocktake.io.tables import cell_text


def _csv(text: str | bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / "table.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write


def _workbook(*rows: list[object], formula: bool = False) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        if formula:
            sheet["B2"] = "=1+1"  # written by a program: never calculated
        path = folder / "table.xlsx"
        book.save(path)
        return path

    return write


def _broken_workbook(folder: Path) -> Path:
    path = folder / "table.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("nothing.txt", "not a workbook")
    return path


def _wrong_kind(folder: Path) -> Path:
    path = folder / "table.txt"
    path.write_text("a,b\n", encoding="utf-8")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], dict[str, object]]] = {
    "wrong_kind": (_wrong_kind, {}),
    "empty": (_csv("\n\n"), {}),
    "no_header": (_csv("a,\n1,2\n"), {}),
    "duplicate_column": (_csv("a,b,a\n1,2,3\n"), {"first": "A", "second": "C"}),
    "not_utf8": (_csv("a,b\n1,台北\n".encode("big5")), {"line": 2}),
    "unclosed_quote": (_csv('a,b\n1,"open\n'), {"line": 2}),
    "early_quote": (_csv('a,b\n1,"x"y\n'), {"line": 2}),
    "not_workbook": (_broken_workbook, {}),
    "uncalculated_formula": (_workbook(["a", "b"], [1, None], formula=True), {"formula": "1+1"}),
    "too_many_rows": (_csv("a\n1\n2\n3\n4\n"), {"limit": 3}),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_problem_of_the_reader_has_its_code_and_values(tmp_path: Path, code: str) -> None:
    write, params = CASES[code]

    with pytest.raises(FileError) as refused:
        read_table(write(tmp_path), max_rows=3)

    assert (refused.value.code, refused.value.params) == (code, params)


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = _workbook(["a"], [1])(tmp_path)

    with pytest.raises(FileError) as refused:
        read_table(path, sheet="scores")

    assert (refused.value.code, refused.value.params) == (
        "no_sheet",
        {"sheet": "scores", "sheets": "Sheet"},
    )


@pytest.mark.parametrize("write", [_csv("a\n1\n\n2\n3\n"), _workbook(["a"], [1], [None], [2], [3])])
def test_blank_rows_do_not_count_against_the_row_limit(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    table = read_table(write(tmp_path), max_rows=3)

    assert [cell_text(cells[0]) for _, cells in table.rows] == ["1", "2", "3"]


def test_a_workbook_over_the_limit_is_refused_at_the_first_row_too_many(tmp_path: Path) -> None:
    path = _workbook(["a"], *([n] for n in range(50_000)))(tmp_path)

    with pytest.raises(FileError) as refused:
        read_table(path, max_rows=10)

    assert refused.value.code == "too_many_rows"
    assert "at most 10 rows" in str(refused.value)

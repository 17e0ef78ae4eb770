"""``stocktake frameworks export --format xlsform`` and ``stocktake frameworks import``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert
from typer.testing import Result

from stocktake.frameworks import get_framework, load_framework

MINI = Path(__file__).parents[1] / "core" / "data" / "mini.yaml"
Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]


@pytest.mark.parametrize("framework_id", ["cbi-2014", "issa-36", "undrr-scorecard-prelim"])
def test_export_then_import_gives_back_the_bundled_framework(
    invoke: Invoke, tmp_path: Path, framework_id: str
) -> None:
    form = tmp_path / "form.xlsx"
    back = tmp_path / "back.yaml"

    exported = invoke("frameworks", "export", framework_id, "--format", "xlsform", "--out", form)
    imported = invoke("frameworks", "import", form, "--out", back)

    assert exported.exit_code == 0, exported.stderr
    assert imported.exit_code == 0, imported.stderr
    framework = get_framework(framework_id)
    assert f"{len(framework.indicators())} indicators" in imported.stdout
    assert load_framework(back) == framework
    assert convert(str(form), warnings=[]).xform.startswith("<?xml")


def test_export_of_a_framework_file_as_yaml_loads_back(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mini-copy.yaml"

    result = invoke("frameworks", "export", MINI, "--format", "yaml", "--out", out)

    assert result.exit_code == 0, result.stderr
    assert load_framework(out) == load_framework(MINI)


def test_import_of_a_damaged_form_names_the_cell_and_exits_2(
    invoke: Invoke, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    form = tmp_path / "form.xlsx"
    invoke("frameworks", "export", MINI, "--out", form)
    workbook = load_workbook(form)
    header = [cell.value for cell in workbook["survey"][1]]
    workbook["survey"].cell(row=3, column=header.index("stocktake::weight") + 1).value = "heavy"
    workbook.save(form)
    out = tmp_path / "back.yaml"

    result = invoke("frameworks", "import", form, "--out", out)

    assert_bad_input(
        result,
        "sheet 'survey', row 3, column 'stocktake::weight': 'heavy' is not a number",
    )
    assert not out.exists()


def test_import_of_a_file_that_is_not_a_workbook_exits_2(
    invoke: Invoke, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    out = tmp_path / "back.yaml"

    result = invoke("frameworks", "import", MINI, "--out", out)

    assert_bad_input(
        result,
        f"{MINI} is not an XLSX workbook (InvalidFileException); an XLSForm is a .xlsx file",
    )
    assert not out.exists()


def test_export_of_an_unknown_framework_exits_2(
    invoke: Invoke, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("frameworks", "export", "nope", "--out", tmp_path / "x.xlsx")

    assert_bad_input(
        result,
        "there is no framework 'nope'; the bundled ones are: "
        "cbi-2014, issa-36, undrr-scorecard-prelim",
    )
    assert not (tmp_path / "x.xlsx").exists()


KOBO = """\
gov/G1;gov/G1_confidence;gov/G2;env/env-nature/E1;_uuid;_submission_time
3;high;yes;12.5;s-1;2024-01-02T10:00:00
"""


def test_submissions_become_an_answers_file_that_score_reads(
    invoke: Invoke, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(KOBO, encoding="utf-8")
    answers = tmp_path / "answers.csv"

    made = invoke(
        "submissions",
        export,
        "-f",
        MINI,
        "--department",
        "planning",
        "--city",
        "alpha",
        "--out",
        answers,
    )
    scored = invoke("score", "-f", MINI, "-a", answers, "--format", "json")

    assert made.exit_code == 0, made.stderr
    assert made.stdout == f"Wrote 3 answers from 1 submission to {answers}.\n"
    assert scored.exit_code == 0, scored.stderr


def test_a_bad_submission_exits_2_naming_row_and_column(invoke: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("gov/G1,_uuid\n9,s-1\n", encoding="utf-8")

    result = invoke("submissions", export, "-f", MINI, "--out", tmp_path / "a.csv")

    assert result.exit_code == 2
    assert f"{export}, row 2, column 'gov/G1'" in result.stderr
    assert not (tmp_path / "a.csv").exists()

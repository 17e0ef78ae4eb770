"""``stocktake questionnaire``: a department's offline questionnaire, read back as answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import Result

from stocktake.frameworks import load_framework
from stocktake.io import read_answers

MINI = Path(__file__).parents[1] / "core" / "data" / "mini.yaml"
Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]


def test_planning_questionnaire_lists_its_indicators_and_those_of_no_department(
    invoke: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "planning.xlsx"

    result = invoke("questionnaire", "-f", MINI, "--department", "planning", "--out", out)

    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["answers", "levels", "stocktake"]
    assert workbook["stocktake"].sheet_state == "hidden"
    rows = list(workbook["answers"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["G1", "G2", "E2", "E3"]
    assert rows[1][1] == "Coordination"
    lists = {
        str(rule.sqref): rule.formula1
        for rule in workbook["answers"].data_validations.dataValidation
    }
    assert lists["C2"] == '"0,1,2,3,4"'
    assert lists["C3"] == '"yes,no"'
    assert lists["C5"] == '"none,draft,adopted"'


def test_filled_questionnaire_reads_back_as_the_department_answers(
    invoke: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "planning.xlsx"
    invoke(
        "questionnaire", "-f", MINI, "--department", "planning", "--out", out, "--lang", "zh-Hant"
    )
    workbook = load_workbook(out)
    sheet = workbook["answers"]
    sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"] = 3, "high", 5, "training;finance"
    sheet["C3"], sheet["G3"], sheet["H3"] = "yes", "Portal launched", "https://example.org"
    sheet["C4"] = 12.5
    workbook.save(out)

    answers = {a.indicator: a for a in read_answers(out, framework=load_framework(MINI))}

    assert sheet["B2"].value == "協調"
    assert answers["G1"].value == 3 and answers["G1"].confidence == "high"
    assert answers["G1"].support_needed == ("training", "finance")
    assert answers["G2"].value == "yes" and answers["G2"].evidence == "Portal launched"
    assert answers["E2"].value == 12.5
    assert answers["E3"].value is None
    assert {a.department for a in answers.values()} == {"planning"}
    scored = invoke("score", "-f", MINI, "--answers", out, "--format", "json")
    assert scored.exit_code == 0, scored.stderr


def test_unknown_department_is_refused_with_the_known_ones(
    invoke: Invoke, assert_bad_input: AssertBadInput, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"

    result = invoke("questionnaire", "-f", MINI, "--department", "harbour", "--out", out)

    assert_bad_input(
        result, "the framework mini has no department 'harbour'; use one of environment, planning"
    )
    assert not out.exists()

"""``stocktake score``: one city's scores, in a table, JSON or CSV, and its bad-input paths."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from stocktake.io import read_answers, write_answers

Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]
Write = Callable[[str, str], Path]

UNVERIFIED = (
    "not verified against the primary publication: the values or band table of indicator E1. "
    "Treat the scores that use them as provisional."
)


def test_score_json_gives_total_coverage_alpha_and_reconciliation(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("score", "--framework", mini_path, "--answers", alpha_csv, "--format", "json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["city"] == "alpha"
    assert data["framework"] == "mini@1.0.0"
    assert data["total"]["score"] == 56.25
    assert data["total"]["coverage"] == 0.8
    assert [data["groups"][key]["score"] for key in data["dimensions"]] == [62.5, 50.0]
    assert {key: p["score"] for key, p in data["pathways"].items()} == {
        "low_emission": None,
        "nature_based": 50.0,
        "equitable": 25.0,
        "circular": 50.0,
    }
    assert data["indicators"]["G1"]["points"] == 1.0
    assert data["consolidation"]["alpha"] == 0.0
    assert data["consolidation"]["needs_reconciliation"] == ["G1"]
    assert data["unverified"] == ["E1"]
    assert result.stderr == f"Warning: {UNVERIFIED}\n"


def test_score_table_shows_groups_pathways_summary_and_warning(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("score", "-f", mini_path, "-a", alpha_csv)

    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "Mini framework (mini@1.0.0) — alpha"
    assert f"Warning: {UNVERIFIED}" in " ".join(out.split())
    assert "Scores by group (dimensions at the top level)" in out
    assert "Scores by development pathway" in out
    assert "Scores by indicator" in out
    assert "Total: score 56.2 of 100; 5 points of 11 attainable (15 in all)." in out
    assert "Coverage: 80 % (4 of the 5 indicators expected)." in out
    assert "Agreement between departments (Krippendorff's alpha, ordinal): 0.00." in out
    assert "Needs reconciliation: G1 Coordination." in out
    g1 = next(line for line in out.splitlines() if line.startswith("│ G1 "))
    assert "needs reconciliation" in g1


def test_score_table_titles_follow_the_language(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("score", "-f", mini_path, "-a", alpha_csv, "--lang", "zh-Hant")

    assert result.stdout.splitlines()[0] == "迷你框架 (mini@1.0.0) — alpha"
    assert "自然區域比例" in result.stdout


def test_score_csv_has_a_row_per_total_group_pathway_and_indicator(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("score", "-f", mini_path, "-a", alpha_csv, "--format", "csv")

    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["level"], row["id"]) for row in rows] == [
        ("total", "mini"),
        ("group", "gov"),
        ("group", "env-nature"),
        ("group", "env"),
        ("pathway", "low_emission"),
        ("pathway", "nature_based"),
        ("pathway", "equitable"),
        ("pathway", "circular"),
        ("indicator", "G1"),
        ("indicator", "G2"),
        ("indicator", "E1"),
        ("indicator", "E2"),
        ("indicator", "E3"),
    ]
    assert rows[0]["title"] == "Mini framework"
    assert rows[0]["score"] == "56.25"
    assert result.stderr == f"Warning: {UNVERIFIED}\n"


def test_score_reads_workbooks(invoke: Invoke, mini_path: Path, alpha_csv: Path) -> None:
    workbook = alpha_csv.with_suffix(".xlsx")
    write_answers(read_answers(alpha_csv), workbook)

    result = invoke("score", "-f", mini_path, "-a", workbook, "--format", "json")

    assert json.loads(result.stdout)["total"]["score"] == 56.25


def test_score_of_a_bundled_framework_by_id(invoke: Invoke, write: Write) -> None:
    path = write("a.csv", "indicator,value\nP1.1,3\nP1.2,1\n")

    result = invoke("score", "-f", "undrr-scorecard-prelim", "-a", path, "--format", "json")

    total = json.loads(result.stdout)["total"]
    assert (total["points"], total["attainable_max"], total["max_points"]) == (4.0, 6.0, 141.0)


def test_score_needs_city_when_the_file_holds_several(
    invoke: Invoke, mini_path: Path, two_cities_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("score", "-f", mini_path, "-a", two_cities_csv)

    assert_bad_input(
        result,
        f"{two_cities_csv}: the file holds answers of 2 cities (alpha, beta); "
        "choose one with --city",
    )


def test_score_with_city_keeps_only_that_citys_answers(
    invoke: Invoke, mini_path: Path, two_cities_csv: Path
) -> None:
    result = invoke(
        "score", "-f", mini_path, "-a", two_cities_csv, "--city", "beta", "--format", "json"
    )

    data = json.loads(result.stdout)
    assert data["city"] == "beta"
    assert data["total"]["coverage"] == 0.4
    assert data["total"]["score"] == 100.0


def test_score_with_an_absent_city_is_bad_input(
    invoke: Invoke, mini_path: Path, two_cities_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("score", "-f", mini_path, "-a", two_cities_csv, "--city", "gamma")

    assert_bad_input(
        result,
        f"{two_cities_csv}: there are no answers of city 'gamma' in the file (it has alpha, beta)",
    )


# -- bad input: exit code 2 and one message naming the file, row and column ------------------------


def test_unknown_framework_is_bad_input(
    invoke: Invoke, alpha_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("score", "-f", "nope", "-a", alpha_csv)

    assert_bad_input(
        result,
        "there is no framework 'nope'; the bundled ones are: cbi-2014, issa-36, "
        "undrr-scorecard-prelim",
    )


def test_missing_framework_file_is_bad_input(
    invoke: Invoke, tmp_path: Path, alpha_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    path = tmp_path / "none.yaml"

    assert_bad_input(
        invoke("score", "-f", path, "-a", alpha_csv), f"there is no framework file at {path}"
    )


def test_unknown_indicator_names_file_row_and_column(
    invoke: Invoke, mini_path: Path, write: Write, assert_bad_input: AssertBadInput
) -> None:
    path = write("a.csv", "indicator,value\nG1,1\nG7,2\n")

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", path),
        f"{path}, row 3, column 'indicator': there is no indicator 'G7' in the framework mini",
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("G1,9", "indicator G1 takes a level of 0, 1, 2, 3, 4, but the value is '9'"),
        ("E3,final", "indicator E3 takes one of none, draft, adopted, but the value is 'final'"),
        ("G2,perhaps", "indicator G2 takes yes or no, but the value is 'perhaps'"),
        ("E1,many", "indicator E1 needs a number, but the value is 'many'"),
    ],
)
def test_value_outside_the_scale_names_row_and_column(
    invoke: Invoke,
    mini_path: Path,
    write: Write,
    assert_bad_input: AssertBadInput,
    row: str,
    message: str,
) -> None:
    path = write("a.csv", f"indicator,value\n{row}\n")

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", path), f"{path}, row 2, column 'value': {message}"
    )


def test_file_of_another_type_is_bad_input(
    invoke: Invoke, mini_path: Path, write: Write, assert_bad_input: AssertBadInput
) -> None:
    path = write("a.json", "{}")

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", path),
        f"{path}: an answers file must be a CSV file (.csv) or an Excel workbook (.xlsx); "
        "'.json' is neither",
    )


def test_file_without_value_column_is_bad_input(
    invoke: Invoke, mini_path: Path, write: Write, assert_bad_input: AssertBadInput
) -> None:
    path = write("a.csv", "indicator,level\nG1,1\n")

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", path),
        f"{path}, row 1: unknown column 'level'; the columns are indicator, value, city, "
        "department, confidence, importance, support_needed, evidence, comment, reconciled",
    )


def test_missing_answers_file_is_bad_input(
    invoke: Invoke, mini_path: Path, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    path = tmp_path / "none.csv"

    assert_bad_input(invoke("score", "-f", mini_path, "-a", path), f"{path}: there is no such file")


def test_file_with_no_answers_is_bad_input(
    invoke: Invoke, mini_path: Path, write: Write, assert_bad_input: AssertBadInput
) -> None:
    path = write("a.csv", "indicator,value\n")

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", path),
        f"{path}: the file has a header but no answers",
    )


def test_unreadable_answers_file_is_bad_input(
    invoke: Invoke, mini_path: Path, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()

    assert_bad_input(
        invoke("score", "-f", mini_path, "-a", folder),
        f"{folder}: this is a folder, not an answers file",
    )

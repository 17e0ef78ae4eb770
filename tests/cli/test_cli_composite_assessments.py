from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner, Result

from stocktake_cli.main import app

MINI = Path(__file__).parents[1] / "core" / "data" / "mini.yaml"
ANSWERS = """city,department,indicator,value,reconciled
north,planning,G1,1,
north,environment,G1,3,
north,,G1,2,yes
north,planning,G2,yes,
north,environment,E1,7.0,
south,planning,G1,4,
south,planning,G2,no,
south,environment,E3,adopted,
"""


def from_assessments(answers: Path, out: Path) -> Result:
    """Run `stocktake composite from-assessments` on the mini framework."""
    arguments = ["--framework", str(MINI), "--answers", str(answers), "--out", str(out)]
    return CliRunner().invoke(app, ["composite", "from-assessments", *arguments])


def test_assessments_become_unit_data_and_metadata_for_a_build(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    out = tmp_path / "index"
    result = from_assessments(answers, out)
    assert result.exit_code == 0, result.output
    units = pd.read_csv(out / "units.csv", index_col="uCode")
    assert list(units.index) == ["north", "south"]
    assert units.loc["north", "G1"] == 2.0  # the reconciled answer
    assert units.loc["north", "G2"] == 1.0
    assert pd.isna(units.loc["south", "E1"])  # unanswered stays missing
    meta = pd.read_csv(out / "meta.csv", index_col="iCode")
    assert meta.loc["E1", "Parent"] == "env-nature"
    assert meta.loc["mini", "Type"] == "Aggregate"

    spec = tmp_path / "spec.yaml"
    spec.write_text("impute: {method: mean}\nnormalise: {method: minmax}\n", encoding="utf-8")
    built = CliRunner().invoke(
        app,
        [
            "composite",
            "build",
            "--data",
            str(out / "units.csv"),
            "--meta",
            str(out / "meta.csv"),
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "build"),
        ],
    )
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / "ranks.csv").is_file()


def test_one_city_is_not_enough_for_an_index(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("city,indicator,value\nnorth,G1,1\n", encoding="utf-8")
    result = from_assessments(answers, tmp_path / "index")
    assert result.exit_code == 2
    assert "needs answers from at least two cities" in result.output


def test_answers_without_a_city_are_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("indicator,value\nG1,1\n", encoding="utf-8")
    result = from_assessments(answers, tmp_path / "index")
    assert result.exit_code == 2
    assert "fill the 'city' column" in result.output


def test_a_missing_answers_folder_is_said_to_be_missing(tmp_path: Path) -> None:
    folder = tmp_path / "answers"

    result = from_assessments(folder, tmp_path / "index")

    assert result.exit_code == 2
    assert result.stderr == f"Error: {folder}: there is no such file or folder\n"


def test_a_missing_framework_file_is_said_to_be_missing(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    framework = tmp_path / "nope.yaml"
    arguments = ["--framework", str(framework), "--answers", str(answers), "--out", str(tmp_path)]

    result = CliRunner().invoke(app, ["composite", "from-assessments", *arguments])

    assert result.exit_code == 2
    assert result.stderr == f"Error: there is no framework file at {framework}\n"

"""Bad input is reported once, in one line, by every group; a defect keeps its traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import typer
from typer.core import TyperGroup
from typer.testing import Result

from stocktake_cli.errors import StocktakeGroup
from stocktake_cli.main import app

Invoke = Callable[..., Result]

UNITS = "uCode,Air,Water\nA,1,2\nB,3,4\nC,5,9\n"
META = """\
iCode,Level,Parent,Direction,Weight,Type
Air,1,Index,1,1,Indicator
Water,1,Index,1,1,Indicator
Index,2,,1,1,Aggregate
"""


def _groups(command: object, path: str = "stocktake") -> Iterator[tuple[str, object]]:
    if isinstance(command, TyperGroup):
        yield path, command
        for name, sub in command.commands.items():
            yield from _groups(sub, f"{path} {name}")


def test_every_group_of_the_command_reports_bad_input_the_same_way() -> None:
    groups = dict(_groups(typer.main.get_command(app)))

    assert set(groups) == {
        "stocktake",
        "stocktake frameworks",
        "stocktake composite",
        "stocktake network",
        "stocktake catalogue",
    }
    assert all(isinstance(group, StocktakeGroup) for group in groups.values())


def test_a_nested_command_prints_its_error_once(
    invoke: Invoke, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    spec = write("spec.yaml", "normalise: {method: minmix}\n")

    result = invoke(
        "composite", "build", "--data", write("units.csv", UNITS), "--meta",
        write("meta.csv", META), "--spec", spec, "--out", tmp_path / "out",
    )  # fmt: skip

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and "'normalise.method' = 'minmix'" in result.stderr


def test_an_output_folder_that_is_a_file_is_one_line_naming_it(
    invoke: Invoke, write: Callable[[str, str], Path]
) -> None:
    blocked = write("build", "not a folder")

    result = invoke(
        "composite", "build", "--data", write("units.csv", UNITS), "--meta",
        write("meta.csv", META), "--spec", write("spec.yaml", "aggregate: true\n"),
        "--out", blocked,
    )  # fmt: skip

    assert result.exit_code == 2
    assert result.stderr == f"Error: {blocked}: File exists\n"


A_GROUP_WITH_A_DEFECT = """
import sys
from stocktake.composite import SpecError
from stocktake_cli.errors import command_group

app = command_group("Test group.")

@app.command("bad-input")
def bad_input() -> None:
    raise SpecError("spec.yaml has an unknown setting 'normalise.rnge'")

@app.command("defect")
def defect() -> None:
    {}["missing"]

app(sys.argv[1:], prog_name="stocktake")
"""


def _run_group(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", A_GROUP_WITH_A_DEFECT, command],
        capture_output=True,
        text=True,
        check=False,
    )


def test_our_own_error_is_one_line_and_exit_code_2_without_a_traceback() -> None:
    completed = _run_group("bad-input")

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == "Error: spec.yaml has an unknown setting 'normalise.rnge'\n"


def test_an_unexpected_exception_keeps_its_traceback() -> None:
    completed = _run_group("defect")

    assert completed.returncode == 1
    assert completed.stderr.startswith("Traceback (most recent call last):")
    assert completed.stderr.rstrip().endswith("KeyError: 'missing'")
    assert not any(line.startswith("Error: ") for line in completed.stderr.splitlines())

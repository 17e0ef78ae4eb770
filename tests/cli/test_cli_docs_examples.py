"""The worked example of docs/cli.md, run as written on the files in docs/examples.

The commands are read from the documentation itself, so a command that stops working, or a
sentence about its results that stops being true, fails here.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from stocktake_cli.main import app

DOCS = Path(__file__).parents[2] / "docs"
EXAMPLES = DOCS / "examples"


def documented_commands(markdown: str, heading: str) -> list[list[str]]:
    """The ``stocktake`` commands of the first ``sh`` block under ``heading``."""
    section = markdown.split(f"### {heading}\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None, f"no sh block under '{heading}'"
    lines = block.group(1).replace("\\\n", " ").splitlines()
    return [shlex.split(line)[1:] for line in lines if line.startswith("stocktake ")]


@dataclass(frozen=True)
class WorkedExample:
    root: Path
    commands: list[list[str]]
    results: list[Result]


@pytest.fixture(scope="module")
def worked_example(tmp_path_factory: pytest.TempPathFactory) -> WorkedExample:
    """The documented commands, run once from a copy of the repository's root."""
    root = tmp_path_factory.mktemp("repository")
    shutil.copytree(EXAMPLES, root / "docs" / "examples")
    commands = documented_commands(
        (DOCS / "cli.md").read_text(encoding="utf-8"), "Worked example: a composite index"
    )
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        results = [runner.invoke(app, command, env={"COLUMNS": None}) for command in commands]
    return WorkedExample(root, commands, results)


def test_the_documented_commands_run_on_the_shipped_files(worked_example: WorkedExample) -> None:
    root, commands, results = (
        worked_example.root,
        worked_example.commands,
        worked_example.results,
    )

    assert [command[:2] for command in commands] == [
        ["composite", "init"],
        ["composite", "build"],
        ["composite", "analyse"],
        ["composite", "uncertainty"],
        ["composite", "sensitivity"],
    ]
    assert [result.exit_code for result in results] == [0] * 5, [r.stderr for r in results]
    for name in ("spec.yaml", "vary.yaml"):
        written = (root / "my-index" / name).read_text(encoding="utf-8")
        assert written == (EXAMPLES / name).read_text(encoding="utf-8")
    assert (root / "example" / "rank-intervals.png").read_bytes()[:4] == b"\x89PNG"


def test_what_the_documentation_says_of_the_results_is_true(
    worked_example: WorkedExample,
) -> None:
    out = worked_example.root / "example"

    ranks = pd.read_csv(out / "build" / "ranks.csv", index_col="uCode")["Index"]
    intervals = pd.read_csv(out / "robustness" / "rank_intervals.csv", index_col="uCode")
    indices = pd.read_csv(out / "robustness" / "sensitivity_indices.csv", index_col="input")
    treated = pd.read_csv(out / "build" / "treatment_log.csv")
    assert ranks.idxmin() == "AOB" and ranks.idxmax() == "NOG"
    assert intervals.loc["NOG", ["nominal", "p05", "p95"]].tolist() == [10, 10, 10]
    assert intervals.loc["TWP", ["p05", "p95"]].tolist() == [3, 7]
    assert indices["ST"].idxmax() == "aggregate.method"
    assert indices.loc["treat.winmax", "ST"] == 0
    assert treated[["uCode", "iCode", "treatment"]].values.tolist() == [
        ["KLW", "Clinics", "winsorised_high"]
    ]


def test_the_example_files_are_described_where_the_docs_point() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    composite = (DOCS / "composite.md").read_text(encoding="utf-8")

    assert {p.name for p in EXAMPLES.iterdir()} == {
        "README.md",
        "catalogue.csv",
        "data.csv",
        "meta.csv",
        "screening-criteria.csv",
        "screening-scores.csv",
        "spec.yaml",
        "vary.yaml",
    }
    assert "(examples/)" in composite
    assert "../cli.md#worked-example-a-composite-index" in readme

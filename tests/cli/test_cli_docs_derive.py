"""The example of docs/frameworks.md, "Deriving a local version", run as written.

The changes file and the commands are read from the documentation itself, so an example that
stops working, or a sentence about its result that stops being true, fails here.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stocktake_cli.main import app

DOCS = Path(__file__).parents[2] / "docs" / "frameworks.md"


def section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text.split("## Deriving a local version\n", 1)[1].split("\n## ", 1)[0]


def block(kind: str) -> str:
    found = re.search(rf"```{kind}\n(.*?)```", section(), flags=re.DOTALL)
    assert found is not None, f"no {kind} block under 'Deriving a local version'"
    return found.group(1)


def test_the_documented_changes_derive_validate_and_diff_as_the_docs_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "changes.yaml").write_text(block("yaml"), encoding="utf-8")
    commands = [shlex.split(line)[1:] for line in block("sh").splitlines() if line]
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    results = [runner.invoke(app, command, env={"COLUMNS": None}) for command in commands]

    assert [command[:2] for command in commands] == [
        ["frameworks", "derive"],
        ["frameworks", "validate"],
        ["frameworks", "diff"],
    ]
    assert [result.exit_code for result in results] == [0, 0, 0], [r.stderr for r in results]
    assert "35 indicators; from issa-36 1.0.1, 33 kept, 1 reworded, 2 dropped, 1 added" in (
        results[0].stdout
    )
    assert "GOV-03 is reworded in en and zh-Hant only: its ja and ko text" in results[1].stderr
    found = json.loads(results[2].stdout)
    assert (found["dropped"], found["added"], found["reworded"]) == (
        ["ECO-09", "SOC-08"],
        ["KH-01"],
        ["GOV-03"],
    )
    assert found["weights"] == {"ENV-01": {"before": 1.0, "after": 2.0}}
    assert "Compared on the 34 indicators Kaohsiung's version shares with issa-36 1.0.1" in (
        section()
    )
    assert found["shared"] == 34

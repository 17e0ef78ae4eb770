"""Fixtures for the command-line tests: a runner, the small test framework and answers files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from stocktake_cli.main import app

MINI = Path(__file__).parents[1] / "core" / "data" / "mini.yaml"

ALPHA_ANSWERS = """\
indicator,value,city,department,confidence,importance,support_needed
G1,1,alpha,planning,high,5,training
G1,3,alpha,environment,low,4,training;finance
G2,yes,alpha,planning,,,
E1,12,alpha,environment,,,
E3,draft,alpha,environment,,,
"""
"""Alpha's answers on the mini framework: departments disagree on G1, E2 is unanswered."""

BETA_ANSWERS = """\
G1,4,beta,planning,high,2,
E3,adopted,beta,environment,,,
"""

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run ``stocktake`` with the given arguments; standard error is kept apart.

    Output is not a terminal, so tables take the width for pipes, whatever ``COLUMNS`` the
    test process inherited (parallel test workers set one of their own).
    """
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(arg) for arg in args], env={"COLUMNS": None})

    return run


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def alpha_csv(tmp_path: Path) -> Path:
    path = tmp_path / "alpha.csv"
    path.write_text(ALPHA_ANSWERS, encoding="utf-8")
    return path


@pytest.fixture
def two_cities_csv(tmp_path: Path) -> Path:
    path = tmp_path / "network.csv"
    path.write_text(ALPHA_ANSWERS + BETA_ANSWERS, encoding="utf-8")
    return path


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a small file into the test's folder and return its path."""

    def make(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return make


def _assert_one_line_error(result: Result, message: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def assert_bad_input() -> Callable[[Result, str], None]:
    """Check bad input: exit code 2, no output and exactly this one line on standard error."""
    return _assert_one_line_error


@pytest.fixture(autouse=True)
def current_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where ``stocktake catalogue import`` keeps the current catalogue: the test's folder,
    never the data folder of the person running the tests."""
    path = tmp_path / "current" / "catalogue.json"
    monkeypatch.setenv("STOCKTAKE_CATALOGUE", str(path))
    return path

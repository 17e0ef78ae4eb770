"""Specs with numbers no build can use stop the command with exit code 2 and one sentence, and
write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stocktake_cli.composite import app

from .conftest import META_CSV, UNITS_CSV

runner = CliRunner()


@pytest.mark.parametrize(
    ("spec", "sentence"),
    [
        ("aggregate: {method: power, p: .nan}", "nan at 'aggregate.p', which is not a finite"),
        ("aggregate: {method: power, p: 1e308}", "exponent p = 1e+308 is outside [-100, 100]"),
        ("weights: {values: {Air: .nan}}\naggregate: {}", "nan at 'weights.values.Air'"),
        (
            "normalise: {method: goalposts, lower: 5, upper: 1}\naggregate: {}",
            "goalposts must have lower below upper",
        ),
        ("normalise: {method: minmax, range: [0, .inf]}", "inf at 'normalise.range.1'"),
    ],
)
def test_a_spec_with_an_unusable_number_exits_2_with_one_sentence(
    tmp_path: Path, spec: str, sentence: str
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(spec + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", "--data", UNITS_CSV, "--meta", META_CSV, "--spec", path, "--out", out]

    result = runner.invoke(app, [str(a) for a in args])

    assert result.exit_code == 2
    assert sentence in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()

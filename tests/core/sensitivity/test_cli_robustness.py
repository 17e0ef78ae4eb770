"""The uncertainty and sensitivity commands, registered on a Typer app of the test's own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from stocktake.composite.data import CompositeData
from stocktake_cli.errors import StocktakeGroup
from stocktake_cli.robustness import register

SPEC_YAML = """\
treat: {winmax: 5}
normalise: {method: minmax, range: [1, 100]}
aggregate: {method: arithmetic}
"""


@pytest.fixture
def files(tmp_path: Path, index: CompositeData, jrc_vary_yaml: str) -> dict[str, Path]:
    paths = {
        name: tmp_path / f"{name}.{ext}"
        for name, ext in [("data", "csv"), ("meta", "csv"), ("spec", "yaml"), ("vary", "yaml")]
    }
    index.units.reset_index().to_csv(paths["data"], index=False)
    index.meta.reset_index().to_csv(paths["meta"], index=False)
    paths["spec"].write_text(SPEC_YAML, encoding="utf-8")
    paths["vary"].write_text(jrc_vary_yaml, encoding="utf-8")
    return paths


def composite_app() -> typer.Typer:
    app = typer.Typer(cls=StocktakeGroup)  # reports bad input as every stocktake group does
    register(app)
    return app


def arguments(files: dict[str, Path]) -> list[str]:
    return [f"--{name}={path}" for name, path in files.items()]


def test_uncertainty_writes_rank_intervals_and_a_plot(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out, plot = tmp_path / "out", tmp_path / "ranks.svg"

    result = CliRunner().invoke(
        composite_app(),
        ["uncertainty", *arguments(files), "--n=200", "--seed=0", f"--out={out}", f"--plot={plot}"],
    )

    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "rank_intervals.csv")
    assert list(table.columns) == ["uCode", "nominal", "mean", "median", "p05", "p95", "score"]
    assert len(table) == 24 and table["nominal"].tolist() == sorted(table["nominal"])
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "Wrote rank_intervals.csv" in result.output


def test_the_same_seed_writes_the_same_file(files: dict[str, Path], tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = CliRunner().invoke(
            composite_app(),
            ["uncertainty", *arguments(files), "--n=50", "--seed=0", f"--out={out}"],
        )
        assert result.exit_code == 0, result.output
        outputs.append((out / "rank_intervals.csv").read_text(encoding="utf-8"))

    assert outputs[0] == outputs[1]


def test_sensitivity_writes_indices_for_a_unit_rank(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = CliRunner().invoke(
        composite_app(),
        [
            "sensitivity",
            *arguments(files),
            "--n=32",
            "--bootstrap=20",
            "--target=rank:U0002",
            "--seed=1",
            f"--out={out}",
            f"--plot={tmp_path / 'ranks.png'}",
        ],
    )

    assert result.exit_code == 0, result.output
    indices = pd.read_csv(out / "sensitivity_indices.csv", index_col="input")
    assert list(indices.index) == ["treat.winmax", "normalise", "weights", "aggregate.method"]
    assert list(indices.columns) == ["S", "S_low", "S_high", "ST", "ST_low", "ST_high"]
    assert (tmp_path / "ranks.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "rank_intervals.csv").exists()


def test_a_bad_vary_file_exits_2_with_one_line(files: dict[str, Path], tmp_path: Path) -> None:
    files["vary"].write_text("vary:\n  treat.winmax: {values: [1]}\n", encoding="utf-8")

    result = CliRunner().invoke(
        composite_app(), ["uncertainty", *arguments(files), f"--out={tmp_path / 'out'}"]
    )

    assert result.exit_code == 2
    assert "at least two alternatives" in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_target_exits_2(files: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        composite_app(),
        ["sensitivity", *arguments(files), "--target=rank:Atlantis", f"--out={tmp_path}"],
    )

    assert result.exit_code == 2
    assert "'Atlantis'" in result.output


def test_without_bootstrap_the_intervals_print_as_missing(
    files: dict[str, Path], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        composite_app(),
        ["sensitivity", *arguments(files), "--n=8", "--bootstrap=0", f"--out={tmp_path}"],
        env={"COLUMNS": "200"},
    )

    assert result.exit_code == 0, result.output
    assert "nan" not in result.output
    assert "– – –" in result.output


def test_an_output_folder_with_square_brackets_prints_as_written(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "[draft] run"

    result = CliRunner().invoke(
        composite_app(),
        ["uncertainty", *arguments(files), "--n=20", f"--out={out}"],
        env={"COLUMNS": "500"},
    )

    assert result.exit_code == 0, result.output
    assert f"Wrote rank_intervals.csv to {out}" in result.output

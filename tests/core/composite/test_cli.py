"""``stocktake composite build`` and ``analyse``: every stage file, and bad input in one line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from stocktake_cli.composite import app

from .conftest import META_CSV, UNITS_CSV

SPEC = """\
denominate: true
impute: {method: mean, by_group: Region}
screen: {min_availability: 0.9}
treat: {method: winsorise_then_log, winmax: 5, skew: 2, kurtosis: 3.5}
normalise: {method: minmax, range: [0, 100]}
aggregate: {method: arithmetic}
"""

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def spec_file(tmp_path: Path, text: str = SPEC) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build_args(tmp_path: Path, data: Path = UNITS_CSV, spec: Path | None = None) -> list[object]:
    spec = spec or spec_file(tmp_path)
    return ["build", "--data", data, "--meta", META_CSV, "--spec", spec, "--out", tmp_path / "out"]


def test_build_writes_every_stage_file_with_ucode_first(tmp_path: Path) -> None:
    code, out, err = run(*build_args(tmp_path))

    assert code == 0, err
    written = tmp_path / "out"
    for name in ("denominated", "imputed", "screened", "treated", "normalised", "aggregated"):
        table = pd.read_csv(written / f"{name}.csv", keep_default_na=False)
        assert table.columns[0] == "uCode"
        assert "Green" in table.columns
    aggregated = pd.read_csv(written / "aggregated.csv")
    assert list(aggregated.columns[-3:]) == ["Environment", "Services", "Index"]
    ranks = pd.read_csv(written / "ranks.csv")
    assert sorted(ranks["Index"]) == [1, 2, 3, 4, 5, 6, 7, 8]
    log = pd.read_csv(written / "treatment_log.csv")
    assert log.to_dict("records") == [
        {
            "uCode": "GVA",
            "iCode": "Budget",
            "treatment": "winsorised_high",
            "original": 450.0,
            "treated": 95.0,
        }
    ]
    assert (written / "spec.yaml").read_text().startswith("denominate:")
    assert "Wrote" in out


def test_stage_files_keep_full_precision(tmp_path: Path) -> None:
    run(*build_args(tmp_path))

    denominated = pd.read_csv(tmp_path / "out" / "denominated.csv", index_col="uCode")

    assert denominated.at["AMS", "Waste"] == 1200 / 870


def test_a_bad_cell_exits_2_naming_file_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "units.csv"
    bad.write_text(UNITS_CSV.read_text().replace(",600,", ",six hundred,"), encoding="utf-8")

    code, _, err = run(*build_args(tmp_path, data=bad))

    assert code == 2
    assert err.strip() == (
        f"Error: {bad}, row 8, column 'Waste': 'six hundred' is not a number; leave the cell "
        "empty for a missing value"
    )


def test_a_bad_spec_exits_2_with_one_sentence(tmp_path: Path) -> None:
    spec = spec_file(tmp_path, "normalise: {method: minmix}\n")

    code, _, err = run(*build_args(tmp_path, spec=spec))

    assert code == 2
    assert err.count("\n") == 1 and "'normalise.method' = 'minmix'" in err
    assert "Traceback" not in err


def test_a_geometric_mean_over_zero_exits_2_saying_what_to_change(tmp_path: Path) -> None:
    spec = spec_file(tmp_path, "normalise: {method: minmax}\naggregate: {method: geometric}\n")

    code, _, err = run(*build_args(tmp_path, spec=spec))

    assert code == 2
    assert "for unit 'BCN'" in err and "range: [1, 100]" in err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run(*build_args(tmp_path, data=tmp_path / "none.csv"))

    assert code == 2 and "none.csv: there is no such file" in err


def test_analyse_writes_the_analysis_tables(tmp_path: Path) -> None:
    spec = spec_file(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(SPEC.replace("arithmetic", "geometric").replace("0, 100", "1, 100"))

    code, out, err = run(
        "analyse",
        "--data",
        UNITS_CSV,
        "--meta",
        META_CSV,
        "--spec",
        spec,
        "--out",
        tmp_path / "analysis",
        "--compare",
        other,
    )

    assert code == 0, err
    names = sorted(p.stem for p in (tmp_path / "analysis").iterdir())
    assert names == [
        "comparison",
        "correlations",
        "cronbach_alpha",
        "indicator_statistics",
        "pca_components",
        "pca_loadings",
        "strengths_weaknesses",
        "weights",
    ]
    assert "Mean absolute rank shift" in out

"""``stocktake composite init``: starter files that ``build`` and the robustness commands accept.

Each round trip runs the real commands on the files ``init`` wrote, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import Result

from stocktake.composite import load_spec
from stocktake.sensitivity import load_vary

Invoke = Callable[..., Result]
Write = Callable[[str, str], Path]

CITIES = """\
uCode,uName,Region,Green,Transit,Air,Clinics
LWN,Lanwan,East,21,48,17,3.1
AOB,Aobaura,East,28,41,,2.8
DAL,Dalbit,East,19,57,22,2.2
KES,Kestrel Bay,South,33,22,7,
TWP,Tidewater,South,41,15,6,3.4
BIT,Bituin,South,15,34,31,14.5
NOG,Nogoon,North,12,NA,38,1.9
"""
"""Seven cities: a group column, gaps (empty and NA), a skewed indicator (Clinics)."""


def comments(text: str) -> str:
    """The comment lines of a YAML file as one line of prose, however they were wrapped."""
    return " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))


def _round_trip(invoke: Invoke, data: Path, meta: Path, folder: Path) -> None:
    """Build, then run uncertainty and sensitivity on the files in ``folder``, as written."""
    inputs = ["--data", data, "--meta", meta, "--spec", folder / "spec.yaml"]
    built = invoke("composite", "build", *inputs, "--out", folder / "build")
    assert built.exit_code == 0, built.stderr
    assert (folder / "build" / "ranks.csv").is_file()
    vary = ["--vary", folder / "vary.yaml", "--seed", "0", "--out", folder / "robustness"]
    uncertain = invoke("composite", "uncertainty", *inputs, *vary, "--n", "40")
    assert uncertain.exit_code == 0, uncertain.stderr
    sensitive = invoke("composite", "sensitivity", *inputs, *vary, "--n", "8", "--bootstrap", "5")
    assert sensitive.exit_code == 0, sensitive.stderr
    intervals = pd.read_csv(folder / "robustness" / "rank_intervals.csv")
    assert len(intervals) == len(pd.read_csv(data))


def test_without_metadata_init_writes_spec_vary_and_meta_that_build_accepts(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    data = write("cities.csv", CITIES)
    out = tmp_path / "index"

    result = invoke("composite", "init", data, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["meta.csv", "spec.yaml", "vary.yaml"]
    meta = pd.read_csv(out / "meta.csv", keep_default_na=False)
    assert meta.set_index("iCode")["Type"].to_dict() == {
        "Region": "Group",
        "Green": "Indicator",
        "Transit": "Indicator",
        "Air": "Indicator",
        "Clinics": "Indicator",
        "Index": "Aggregate",
    }
    assert f"Check {out / 'meta.csv'}" in result.stdout
    _round_trip(invoke, data, out / "meta.csv", out)


def test_the_spec_is_fitted_to_the_data(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    invoke("composite", "init", write("cities.csv", CITIES), "--out", tmp_path / "index")

    text = (tmp_path / "index" / "spec.yaml").read_text(encoding="utf-8")
    spec = load_spec(tmp_path / "index" / "spec.yaml")
    assert spec.impute is not None and spec.impute.by_group == "Region"
    prose = comments(text)
    assert (
        "7 units; 4 indicators: Green, Transit, Air, Clinics. Aggregates, level 2: Index." in prose
    )
    assert "Group columns: Region." in prose
    assert "Missing values (3 cells of 28)" in prose
    assert "The most skewed one is Clinics." in prose
    assert "# indicators: {Clinics: none}" in text
    assert spec.normalise is not None and spec.normalise.default.method == "minmax"


def test_imputation_is_varied_only_when_a_value_is_missing(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    complete = write("complete.csv", "uCode,A,B\nx,1,4\ny,2,6\nz,3,5\n")
    gapped = write("gapped.csv", "uCode,A,B\nx,1,4\ny,,6\nz,3,5\n")

    for data in (complete, gapped):
        result = invoke("composite", "init", data, "--out", tmp_path / data.stem)
        assert result.exit_code == 0, result.stderr

    complete_spec = load_spec(tmp_path / "complete" / "spec.yaml")
    assert complete_spec.impute is None
    assert load_vary(tmp_path / "complete" / "vary.yaml", complete_spec).names == (
        "treat.winmax",
        "normalise",
        "weights",
        "aggregate.method",
    )
    gapped_spec = load_spec(tmp_path / "gapped" / "spec.yaml")
    assert gapped_spec.impute is not None and gapped_spec.impute.by_group is None
    assert "impute.method" in load_vary(tmp_path / "gapped" / "vary.yaml", gapped_spec).names


def test_with_metadata_init_keeps_its_tree_and_writes_no_meta(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    data = write("cities.csv", CITIES)
    meta = write(
        "meta.csv",
        "iCode,Level,Parent,Direction,Weight,Type\n"
        "Region,,,,,Group\n"
        "Green,1,Environment,1,1,Indicator\n"
        "Air,1,Environment,-1,2,Indicator\n"
        "Transit,1,Services,1,1,Indicator\n"
        "Clinics,1,Services,1,1,Indicator\n"
        "Environment,2,City index,1,1,Aggregate\n"
        "Services,2,City index,1,1,Aggregate\n"
        "City index,3,,1,1,Aggregate\n",
    )
    out = tmp_path / "index"

    result = invoke("composite", "init", data, "--meta", meta, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["spec.yaml", "vary.yaml"]
    text = (out / "spec.yaml").read_text(encoding="utf-8")
    assert "Aggregates, level 2: Environment, Services; level 3: City index." in comments(text)
    assert "# groups: {Environment: {method: geometric}}" in text
    assert "# Weighted arithmetic mean up the tree, to City index." in text
    _round_trip(invoke, data, meta, out)


def test_panel_data_builds_its_latest_time_point(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    rows = CITIES.splitlines()
    panel = [rows[0] + ",Time"] + [f"{row},{year}" for year in (2023, 2024) for row in rows[1:]]
    data = write("panel.csv", "\n".join(panel) + "\n")

    result = invoke("composite", "init", data, "--out", tmp_path / "index")

    assert result.exit_code == 0, result.stderr
    assert load_spec(tmp_path / "index" / "spec.yaml").time == 2024
    _round_trip_build_only(invoke, data, tmp_path / "index")


def _round_trip_build_only(invoke: Invoke, data: Path, folder: Path) -> None:
    built = invoke(
        "composite", "build", "--data", data, "--meta", folder / "meta.csv",
        "--spec", folder / "spec.yaml", "--out", folder / "build",
    )  # fmt: skip
    assert built.exit_code == 0, built.stderr


@pytest.mark.parametrize("group", ["yes", "NA", "Region: 2024", "區域"])
def test_a_group_column_with_a_name_yaml_would_misread_is_quoted(
    invoke: Invoke, write: Write, tmp_path: Path, group: str
) -> None:
    header = CITIES.splitlines()[0].replace("Region", f'"{group}"' if ":" in group else group)
    data = write("cities.csv", "\n".join([header, *CITIES.splitlines()[1:]]) + "\n")

    result = invoke("composite", "init", data, "--out", tmp_path / "index")

    assert result.exit_code == 0, result.stderr
    spec = load_spec(tmp_path / "index" / "spec.yaml")
    assert spec.impute is not None and spec.impute.by_group == group
    _round_trip_build_only(invoke, data, tmp_path / "index")


def test_headers_with_spaces_and_an_empty_column_are_read_as_the_build_reads_them(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    data = write("spaced.csv", "uCode, Air ,Notes,Water\nA,1,,4\nB,2,,6\nC,3,,5\n")

    result = invoke("composite", "init", data, "--out", tmp_path / "index")

    assert result.exit_code == 0, result.stderr
    meta = pd.read_csv(tmp_path / "index" / "meta.csv", keep_default_na=False)
    assert meta[["iCode", "Type"]].values.tolist() == [
        ["Air", "Indicator"],
        ["Notes", "Other"],
        ["Water", "Indicator"],
        ["Index", "Aggregate"],
    ]
    _round_trip_build_only(invoke, data, tmp_path / "index")


def test_init_refuses_to_replace_files_unless_forced(
    invoke: Invoke, write: Write, tmp_path: Path, assert_bad_input: Callable[[Result, str], None]
) -> None:
    data = write("cities.csv", CITIES)
    out = tmp_path / "index"
    out.mkdir()
    (out / "spec.yaml").write_text("# mine\n", encoding="utf-8")

    refused = invoke("composite", "init", data, "--out", out)
    forced = invoke("composite", "init", data, "--out", out, "--force")

    assert_bad_input(
        refused,
        f"{out / 'spec.yaml'} exists already; choose another --out or add --force to replace it",
    )
    assert forced.exit_code == 0, forced.stderr
    assert (out / "spec.yaml").read_text(encoding="utf-8").startswith("# Build specification")


def test_data_without_a_numeric_column_is_refused_in_one_line(
    invoke: Invoke, write: Write, tmp_path: Path, assert_bad_input: Callable[[Result, str], None]
) -> None:
    data = write("names.csv", "uCode,uName,Region\nA,Alpha,East\nB,Beta,West\n")

    result = invoke("composite", "init", data, "--out", tmp_path / "index")

    assert_bad_input(
        result,
        f"{data}: no column holds numbers, so there is no indicator to build an index from; "
        "give the indicators as numeric columns next to uCode",
    )
    assert not (tmp_path / "index").exists()


def test_a_missing_data_file_is_one_line_naming_it(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("composite", "init", tmp_path / "none.csv", "--out", tmp_path / "index")

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and str(tmp_path / "none.csv") in result.stderr
    assert not (tmp_path / "index").exists()

"""``stocktake frameworks list | show | validate``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]


def test_frameworks_list_json_gives_counts_and_maxima_of_sum_frameworks(invoke: Invoke) -> None:
    result = invoke("frameworks", "list", "--format", "json")

    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert {key: (row["indicators"], row["max_score"]) for key, row in rows.items()} == {
        "cbi-2014": (23, 92.0),
        "issa-36": (36, None),
        "undrr-scorecard-prelim": (47, 141.0),
    }
    assert rows["issa-36"]["version"] == "1.0.1"


def test_frameworks_list_table_shows_each_framework(invoke: Invoke) -> None:
    result = invoke("frameworks", "list")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    undrr = next(line for line in lines if "undrr-scorecard-prelim" in line)
    assert "47" in undrr
    assert "141" in undrr
    assert any("issa-36" in line and "36" in line for line in lines)


def test_frameworks_list_localises_titles(invoke: Invoke) -> None:
    result = invoke("frameworks", "list", "--format", "json", "--lang", "zh-Hant")

    titles = {row["id"]: row["title"] for row in json.loads(result.stdout)}
    assert titles["issa-36"] == "永續發展整合自評（ISSA-36）"


def test_frameworks_show_prints_the_tree_in_the_chosen_language(
    invoke: Invoke, mini_path: Path
) -> None:
    result = invoke("frameworks", "show", mini_path, "--lang", "zh-Hant")

    assert result.exit_code == 0
    assert "迷你框架" in result.stdout
    assert "env-nature  自然" in result.stdout
    assert "E1  自然區域比例  （分級，0–4）" in result.stdout
    assert "計分：" in result.stdout
    assert "Warning: not verified against the primary publication" in result.stdout


def test_frameworks_show_keeps_english_words_in_english(invoke: Invoke, mini_path: Path) -> None:
    result = invoke("frameworks", "show", mini_path)

    assert "E1  Natural area share  (banded, 0–4)" in result.stdout
    assert "G2  Open data portal  (yes or no, 0–1)" in result.stdout
    assert "· scoring: " in result.stdout


def test_frameworks_list_headings_speak_the_language_asked_for(invoke: Invoke) -> None:
    result = invoke("frameworks", "list", "--lang", "ko")

    assert result.exit_code == 0, result.output
    assert "기본 제공 프레임워크" in result.stdout
    assert "최고 점수" in result.stdout
    assert "Maximum score" not in result.stdout


def test_frameworks_show_json_has_localised_levels_and_descriptors(invoke: Invoke) -> None:
    result = invoke("frameworks", "show", "issa-36", "--format", "json", "--lang", "zh-Hant")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data["groups"][0]["groups"][0]["indicators"][0]
    assert first["id"] == "GOV-01"
    assert first["title"] == "跨局處整合協調"
    assert [level["value"] for level in first["levels"]] == [0, 1, 2, 3, 4]
    assert all(level["descriptor"] for level in first["levels"])
    assert (first["min_points"], first["max_points"]) == (0.0, 4.0)


def test_frameworks_show_json_includes_band_tables(invoke: Invoke, mini_path: Path) -> None:
    result = invoke("frameworks", "show", mini_path, "--format", "json")

    nature = json.loads(result.stdout)["groups"][1]["groups"][0]
    bands = nature["indicators"][0]["bands"]
    assert bands["provenance"] == {"source": "Test table", "verified": False}
    assert bands["bands"][1] == {
        "points": 1.0,
        "min": 1.0,
        "max": 6.9,
        "min_inclusive": True,
        "max_inclusive": True,
    }


def test_frameworks_show_unknown_id_is_bad_input(
    invoke: Invoke, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("frameworks", "show", "nope")

    assert_bad_input(
        result,
        "there is no framework 'nope'; the bundled ones are: cbi-2014, issa-36, "
        "undrr-scorecard-prelim",
    )


def test_frameworks_validate_confirms_a_valid_file(invoke: Invoke, mini_path: Path) -> None:
    result = invoke("frameworks", "validate", mini_path)

    assert result.exit_code == 0
    assert result.stdout == (
        f"{mini_path} is a valid framework: mini version 1.0.0, 5 indicators.\n"
    )
    assert result.stderr == (
        "Warning: not verified against the primary publication: the values or band table of "
        "indicator E1. Treat the scores that use them as provisional.\n"
    )


def test_frameworks_validate_lists_every_problem_and_exits_1(
    invoke: Invoke, mini_path: Path, write: Callable[[str, str], Path]
) -> None:
    broken = mini_path.read_text(encoding="utf-8")
    broken = broken.replace("id: G2", "id: G1").replace(
        "departments: [environment]", "departments: [parks]"
    )
    path = write("broken.yaml", broken)

    result = invoke("frameworks", "validate", path)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: groups[0].indicators[1].id: id 'G1' is already used at "
        "groups[0].indicators[0]; ids must be unique across groups and indicators",
        f"{path}: groups[1].groups[0].indicators[0].departments[0]: department 'parks' is not "
        "declared in the framework's 'departments' list",
        f"{path} is not a valid framework: 2 problems.",
    ]


def test_frameworks_validate_reports_yaml_syntax_errors(
    invoke: Invoke, write: Callable[[str, str], Path]
) -> None:
    path = write("bad.yaml", "id: [unclosed\n")

    result = invoke("frameworks", "validate", path)

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}: (top level): the file is not valid YAML at line")


def test_frameworks_show_missing_file_is_bad_input(
    invoke: Invoke, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    path = tmp_path / "nope.yaml"

    assert_bad_input(invoke("frameworks", "show", path), f"there is no framework file at {path}")


def test_frameworks_validate_missing_file_is_bad_input(
    invoke: Invoke, tmp_path: Path, assert_bad_input: AssertBadInput
) -> None:
    path = tmp_path / "none.yaml"

    assert_bad_input(invoke("frameworks", "validate", path), f"there is no file at {path}")


def test_schema_command_prints_the_published_schema() -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from stocktake_cli.main import app

    result = CliRunner().invoke(app, ["frameworks", "schema"])
    assert result.exit_code == 0
    published = Path(__file__).parents[2] / "docs" / "framework.schema.json"
    assert json.loads(result.output) == json.loads(published.read_text(encoding="utf-8"))

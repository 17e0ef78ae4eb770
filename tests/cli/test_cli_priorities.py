"""``stocktake priorities``: the key areas for development of one city, with reasons."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]
Write = Callable[[str, str], Path]


def test_priorities_json_ranks_areas_with_their_reasons(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("priorities", "-f", mini_path, "-a", alpha_csv, "--format", "json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["framework"], data["city"]) == ("mini@1.0.0", "alpha")
    ranked = data["priorities"]
    assert [(p["rank"], p["indicator"]) for p in ranked] == [(1, "G1"), (2, "E1"), (3, "E3")]
    assert [reason["text"] for reason in ranked[0]["reasons"]] == [
        "At level 1 of 4, 2 below the target of 3.",
        "Departments rate its importance 4.5 of 5.",
        "2 of 2 departments asked for support: training (2), finance (1).",
        "Departments disagree (levels 1 to 3); not yet reconciled.",
    ]
    assert ranked[0]["support"] == {"training": 2, "finance": 1}


def test_priorities_top_limits_the_list(invoke: Invoke, mini_path: Path, alpha_csv: Path) -> None:
    result = invoke(
        "priorities", "-f", mini_path, "-a", alpha_csv, "--top", "1", "--format", "json"
    )

    assert [p["indicator"] for p in json.loads(result.stdout)["priorities"]] == ["G1"]


def test_priorities_table_shows_rank_title_score_and_reasons(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("priorities", "-f", mini_path, "-a", alpha_csv, "--lang", "zh-Hant")

    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "迷你框架 (mini@1.0.0) — alpha"
    assert "重點發展領域" in out
    first = next(line for line in out.splitlines() if line.startswith("│    1 │ G1"))
    assert "協調" in first
    assert "75.8" in first
    assert "目前為第 1 級（最高 4 級），比目標等級 3 低 2 級。" in first
    assert "各局處意見不一致（從 1 到 3）；尚未協調。" in out


def test_priorities_headings_and_reasons_are_the_web_pages_sentences_in_korean(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    """The same catalogue as the pages: support kinds the framework leaves untranslated stay
    in English inside the Korean sentence."""
    result = invoke("priorities", "-f", mini_path, "-a", alpha_csv, "--lang", "ko")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    title = next(i for i, line in enumerate(lines) if line.strip() == "중점 개선 분야")
    assert [cell.strip() for cell in lines[title + 2].strip("┃").split("┃")] == [
        "순위",
        "지표",
        "제목",
        "우선순위",
        "이유",
    ]
    assert "수준 1/4, 목표 3보다 2 낮습니다." in lines[title + 4]
    assert "답변한 부서 2개 중 2개가 지원을" in result.stdout
    assert "Training (2)" in result.stdout
    assert "Departments" not in result.stdout


def test_priorities_in_a_language_without_a_catalogue_are_english(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = invoke("priorities", "-f", mini_path, "-a", alpha_csv, "--lang", "fr")

    assert result.exit_code == 0
    assert "Key areas for development" in result.stdout
    assert "At level 1 of 4, 2 below the target of 3." in result.stdout


def test_priorities_when_every_target_is_met(invoke: Invoke, mini_path: Path, write: Write) -> None:
    path = write("a.csv", "indicator,value\nG1,4\nG2,yes\n")

    result = invoke("priorities", "-f", mini_path, "-a", path)

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "Every answered indicator has reached its target: no key areas to list."
    )


def test_priorities_top_below_one_is_bad_input(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    result = invoke("priorities", "-f", mini_path, "-a", alpha_csv, "--top", "0")

    assert_bad_input(result, "the number of key areas to list must be at least 1")


def test_priorities_value_outside_the_scale_is_bad_input(
    invoke: Invoke, write: Write, assert_bad_input: AssertBadInput
) -> None:
    path = write("a.csv", "indicator,value,department\nGOV-01,2,planning\nGOV-02,5,planning\n")

    assert_bad_input(
        invoke("priorities", "-f", "issa-36", "-a", path),
        f"{path}, row 3, column 'value': indicator GOV-02 takes a level of 0, 1, 2, 3, 4, "
        "but the value is '5'",
    )


def test_priorities_needs_city_when_the_file_holds_several(
    invoke: Invoke, mini_path: Path, two_cities_csv: Path, assert_bad_input: AssertBadInput
) -> None:
    assert_bad_input(
        invoke("priorities", "-f", mini_path, "-a", two_cities_csv),
        f"{two_cities_csv}: the file holds answers of 2 cities (alpha, beta); "
        "choose one with --city",
    )


def test_priorities_of_one_city_in_a_network_file(
    invoke: Invoke, mini_path: Path, two_cities_csv: Path
) -> None:
    result = invoke(
        "priorities", "-f", mini_path, "-a", two_cities_csv, "--city", "alpha", "--format", "json"
    )

    assert [p["indicator"] for p in json.loads(result.stdout)["priorities"]] == ["G1", "E1", "E3"]


def test_score_summary_speaks_the_language_asked_for(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    """The summary under the score tables (total, coverage, agreement, what needs
    reconciling) and the indicator table's agreement notes come from the same catalogues."""
    english = invoke("score", "-f", mini_path, "-a", alpha_csv).stdout
    assert "Total: score" in english
    assert "Needs reconciliation:" in english

    korean = invoke("score", "-f", mini_path, "-a", alpha_csv, "--lang", "ko")
    assert korean.exit_code == 0
    for label in ("합계:", "포괄률:", "부서 간 일치도", "조정 필요:"):
        assert label in korean.stdout
    for english_label in ("Total:", "Coverage:", "Agreement between", "Needs reconciliation"):
        assert english_label not in korean.stdout

    chinese = invoke("score", "-f", mini_path, "-a", alpha_csv, "--lang", "zh-Hant").stdout
    assert "總計：" in chinese
    assert "須調和" in chinese

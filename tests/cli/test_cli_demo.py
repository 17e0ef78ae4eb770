"""``stocktake demo``: the whole pipeline on the fictional network, labelled as such."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from stocktake.demo import BANNER, generate_network
from stocktake.frameworks import bundled_frameworks
from stocktake_cli.main import app

Invoke = Callable[..., Result]

CAST = ["lanwan", "aobaura", "dalbit", "kestrel-bay", "bagong-liwayway", "bituin", "nogoon-khundii"]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("demo") / "demo-output"
    result = CliRunner().invoke(
        app, ["demo", "--seed", "2025", "--out", str(out)], env={"COLUMNS": None}
    )
    return result, out


def test_demo_banner_comes_first_and_last(demo_run: tuple[Result, Path]) -> None:
    result, _ = demo_run

    assert result.exit_code == 0
    lines = [line.strip("│ ") for line in result.stdout.splitlines()]
    assert lines[1] == BANNER
    assert lines[-2] == BANNER
    assert "Fictional demonstration data (seed 2025)" in lines[3]


def test_demo_prints_every_city_with_scores_and_key_areas(demo_run: tuple[Result, Path]) -> None:
    result, _ = demo_run
    out = result.stdout

    for city in generate_network(seed=2025).cities:
        assert city.name["en"] in out
    assert out.count("Key areas for development (issa-36)") == 7
    assert out.count("(issa-36): ") == 7
    assert out.count("(undrr-scorecard-prelim): ") == 7
    assert "Equitable and people-centred development" in out
    assert "Governance" in out
    assert "provisional: not all values verified" in out


def test_demo_writes_answers_per_city_and_framework(demo_run: tuple[Result, Path]) -> None:
    _, out = demo_run
    frameworks = sorted(fw.id for fw in bundled_frameworks())

    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(CAST)
    for city in CAST:
        assert sorted(p.stem for p in (out / city).glob("*.csv")) == frameworks
    assert (out / "README.txt").read_text(encoding="utf-8").startswith(BANNER)
    cities = (out / "cities.csv").read_text(encoding="utf-8-sig").splitlines()
    assert cities[0] == "id,name_en,name_local,country,kind,population,joined,departments"
    assert cities[1].startswith("lanwan,Lanwan Harbour City,藍灣港市,Chinese Taipei,city,2150000,")


def test_demo_files_are_scored_by_the_score_command(
    demo_run: tuple[Result, Path], invoke: Invoke
) -> None:
    _, out = demo_run

    result = invoke(
        "score", "-f", "issa-36", "-a", out / "bituin" / "issa-36.csv", "--format", "json"
    )

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["city"] == "bituin"
    assert 0 < data["total"]["coverage"] < 1


def test_demo_same_seed_writes_the_same_files(invoke: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"

    invoke("demo", "--seed", "0", "--cities", "2", "--out", first)
    invoke("demo", "--seed", "0", "--cities", "2", "--out", second)

    files = sorted(p.relative_to(first) for p in first.rglob("*.csv"))
    assert len(files) == 1 + 2 * len(bundled_frameworks())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_demo_shows_names_in_the_chosen_language(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("demo", "--cities", "1", "--top", "2", "--lang", "zh-Hant", "--out", tmp_path)

    assert result.exit_code == 0
    assert "藍灣港市 (Lanwan Harbour City)" in result.stdout
    assert "治理" in result.stdout


def test_demo_says_its_own_words_in_the_chosen_language(invoke: Invoke, tmp_path: Path) -> None:
    """The banner, the label, the cohort's months and the score tables' words, in Korean; the
    banner still opens and closes the output."""
    result = invoke("demo", "--cities", "1", "--top", "2", "--lang", "ko", "--out", tmp_path)

    assert result.exit_code == 0, result.output
    lines = [line.strip("│ ") for line in result.stdout.splitlines() if line.strip("│ ╭╰─╮╯")]
    banner = "데모 데이터: 가상의 도시와 지어낸 답변으로, 실제 어느 도시의 결과도 아닙니다"
    assert lines[0] == lines[-1] == banner
    flat = " ".join(result.stdout.split())
    assert "2025년 1월~2026년 12월" in flat
    assert "영역 / 경로" in flat
    assert "/100, 포괄률" in flat
    for english in ("DEMONSTRATION DATA", "Dimension / pathway", "of 100", "January", "Wrote "):
        assert english not in flat


def test_demo_negative_seed_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("demo", "--seed", "-1", "--out", tmp_path)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--seed" in result.stderr


def test_demo_into_a_path_that_is_a_file_is_bad_input(
    invoke: Invoke, tmp_path: Path, assert_bad_input: Callable[[Result, str], None]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")

    assert_bad_input(invoke("demo", "--out", taken), f"{taken}: File exists")

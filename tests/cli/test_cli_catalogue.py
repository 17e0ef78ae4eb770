"""``stocktake catalogue import`` and ``search``: all or nothing, any language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cli.conftest import Invoke
from stocktake.knowledge import read_catalogue

DEMO = Path(__file__).parents[2] / "src" / "stocktake" / "demo" / "catalogue.csv"
BAD = """\
id,kind,title_en,year,indicators
good,guide,Good guide,2024,ENV-01
bad,manual,,20x4,ENV-99
"""


def test_import_writes_the_normalised_catalogue(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "catalogue.json"

    result = invoke("catalogue", "import", DEMO, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"12 resources checked, written to {out}.\n"
    assert read_catalogue(out) == read_catalogue(DEMO)


def test_import_of_a_bad_file_lists_every_problem_and_writes_nothing(
    invoke: Invoke, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    source = write("bad.csv", BAD)
    out = tmp_path / "catalogue.json"

    result = invoke("catalogue", "import", source, "--out", out)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {source}: 4 problems; nothing was imported.",
        "  row 3, kind: one of guide, toolkit, case_study, policy, training, financing, solution",
        "  row 3, title_en: give the title in at least one language",
        "  row 3, year: a year from 1900 to 2100",
        "  row 3, indicators: not in the frameworks' vocabulary: ENV-99",
    ]
    assert not out.exists()


def test_import_of_a_missing_file_is_one_line_and_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("catalogue", "import", tmp_path / "none.csv")

    assert result.exit_code == 2
    assert "there is no such file" in result.stderr


@pytest.mark.parametrize(
    ("query", "lang", "titles"),
    [
        ("韌性", "zh-Hant", ["綠色城市基金徵件（示範資料）", "藍灣港市城市韌性計畫（示範資料）"]),
        ("レジリエンス計画", "ja", ["藍灣港市の都市レジリエンス計画（デモデータ）"]),
        ("회복력 계획", "ko", ["란완항시 도시 회복력 계획(시연 자료)"]),
        ("solar schools", "en", ["Aobaura rooftop solar for schools (demonstration)"]),
    ],
)
def test_search_finds_chinese_japanese_and_korean_without_spaces(
    invoke: Invoke, query: str, lang: str, titles: list[str]
) -> None:
    result = invoke(
        "catalogue", "search", query, "--catalogue", DEMO, "--lang", lang, "--format", "json"
    )

    assert result.exit_code == 0, result.stderr
    assert [item["title"] for item in json.loads(result.stdout)] == titles


def test_search_facets_narrow_the_results(invoke: Invoke) -> None:
    result = invoke(
        "catalogue", "search", "", "--catalogue", DEMO, "--kind", "policy", "--format", "json"
    )

    assert [item["id"] for item in json.loads(result.stdout)] == [
        "demo-resilience-plan",
        "demo-dalbit-waste",
    ]


def test_search_prints_a_table_by_default(invoke: Invoke) -> None:
    result = invoke("catalogue", "search", "zero-waste", "--catalogue", DEMO)

    assert result.exit_code == 0
    assert "demo-dalbit-waste" in result.stdout
    assert "1 resource found." in result.stdout


def test_search_speaks_the_language_asked_for(invoke: Invoke) -> None:
    result = invoke("catalogue", "search", "韌性", "--catalogue", DEMO, "--lang", "ko")

    assert result.exit_code == 0
    assert "자료 2건을 찾았습니다." in result.stdout
    assert "재원 기회" in result.stdout  # a financing opportunity
    assert "Financing opportunity" not in result.stdout and "Kind" not in result.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "id,kind,title_en\nnul,guide,Flood\x00guide\n",
            "  row 2, title_en: this cell holds a control character (such as NUL) that text "
            "cannot keep; delete it",
        ),
        ("id,kind,title_en\n", "  the file has a header but no resource below it"),
    ],
)
def test_import_of_a_nul_or_of_a_header_alone_exits_2_and_writes_nothing(
    invoke: Invoke, write: Callable[[str, str], Path], tmp_path: Path, content: str, problem: str
) -> None:
    source = write("odd.csv", content)
    out = tmp_path / "catalogue.json"

    result = invoke("catalogue", "import", source, "--out", out)

    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [problem]
    assert not out.exists()

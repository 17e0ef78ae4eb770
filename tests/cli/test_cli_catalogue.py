"""``stocktake catalogue import`` and ``search``: all or nothing, any language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from cli.conftest import Invoke
from stocktake.knowledge import read_catalogue

DEMO = Path(__file__).parents[2] / "src" / "stocktake" / "demo" / "catalogue.csv"
BAD = """\
id,kind,title_en,year,indicators
good,guide,Good guide,2024,ENV-01
bad,manual,,20x4,ENV-99
"""


def test_import_writes_the_normalised_catalogue(
    invoke: Invoke, tmp_path: Path, current_catalogue: Path
) -> None:
    out = tmp_path / "catalogue.json"

    result = invoke("catalogue", "import", DEMO, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"12 resources checked, written to {out}.\n"
        f"Kept as the current catalogue in {current_catalogue}.\n"
    )
    assert read_catalogue(out) == read_catalogue(DEMO) == read_catalogue(current_catalogue)


def test_import_of_a_bad_file_lists_every_problem_and_writes_nothing(
    invoke: Invoke, write: Callable[[str, str], Path], tmp_path: Path, current_catalogue: Path
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
    assert not current_catalogue.exists()


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


@pytest.mark.parametrize("lang", ["ko", "KO", "Ko"])
def test_search_speaks_the_language_asked_for(invoke: Invoke, lang: str) -> None:
    result = invoke("catalogue", "search", "韌性", "--catalogue", DEMO, "--lang", lang)

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


def test_search_reads_the_catalogue_imported_last(invoke: Invoke, tmp_path: Path) -> None:
    imported = invoke("catalogue", "import", DEMO)

    result = invoke("catalogue", "search", "韌性", "--lang", "zh-Hant", "--format", "json")

    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith("12 resources checked.\nKept as the current catalogue in ")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == [
        "demo-green-fund",
        "demo-resilience-plan",
    ]


def test_search_before_any_import_says_what_to_do(
    invoke: Invoke, assert_bad_input: Callable[..., None], current_catalogue: Path
) -> None:
    result = invoke("catalogue", "search", "韌性", "--lang", "zh-Hant")

    assert_bad_input(
        result,
        "no catalogue was imported yet; run 'stocktake catalogue import FILE' first, "
        "or pass --catalogue FILE",
    )
    assert not current_catalogue.exists()


def test_a_refused_import_keeps_the_current_catalogue_as_it_was(
    invoke: Invoke, write: Callable[[str, str], Path], current_catalogue: Path
) -> None:
    invoke("catalogue", "import", DEMO)
    before = current_catalogue.read_bytes()

    result = invoke("catalogue", "import", write("bad.csv", BAD))

    assert result.exit_code == 2
    assert current_catalogue.read_bytes() == before
    assert [p.name for p in current_catalogue.parent.iterdir()] == ["catalogue.json"]


def test_a_second_import_replaces_the_current_catalogue(
    invoke: Invoke, write: Callable[[str, str], Path], current_catalogue: Path
) -> None:
    invoke("catalogue", "import", DEMO)

    result = invoke("catalogue", "import", write("one.csv", "id,kind,title_en\nr,guide,Probe\n"))

    assert result.exit_code == 0, result.stderr
    assert [r.id for r in read_catalogue(current_catalogue)] == ["r"]


def test_the_current_catalogue_is_kept_in_the_users_data_folder(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STOCKTAKE_CATALOGUE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    result = invoke("catalogue", "import", DEMO)

    kept = tmp_path / "data" / "stocktake" / "catalogue.json"
    assert result.stdout.endswith(f"Kept as the current catalogue in {kept}.\n")
    assert read_catalogue(kept) == read_catalogue(DEMO)


def test_without_a_data_folder_set_the_catalogue_is_kept_under_the_home_folder(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STOCKTAKE_CATALOGUE")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")  # not absolute: ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path))

    invoke("catalogue", "import", DEMO)

    assert read_catalogue(tmp_path / ".local" / "share" / "stocktake" / "catalogue.json")


@pytest.mark.parametrize(
    ("option", "value", "ids"),
    [
        ("--language", "zh-hant", ["demo-resilience-plan"]),
        ("--language", "ZH-HANT", ["demo-resilience-plan"]),
        ("--pathway", "Resilient", ["demo-green-fund", "demo-resilience-plan"]),
        ("--kind", "POLICY", ["demo-resilience-plan"]),
    ],
)
def test_facets_ignore_case(invoke: Invoke, option: str, value: str, ids: list[str]) -> None:
    result = invoke(
        "catalogue", "search", "韌性", "--catalogue", DEMO, option, value, "--format", "json"
    )

    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == ids


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--kind",
            "nope",
            "there is no kind 'nope'; the kinds are guide, toolkit, case_study, policy, "
            "training, financing, solution",
        ),
        (
            "--pathway",
            "green",
            "there is no pathway 'green'; the pathways are low_emission, nature_based, "
            "equitable, resilient, circular",
        ),
    ],
)
def test_an_unknown_kind_or_pathway_exits_2_naming_those_there_are(
    invoke: Invoke, assert_bad_input: Callable[..., None], option: str, value: str, message: str
) -> None:
    result = invoke("catalogue", "search", "", "--catalogue", DEMO, option, value)

    assert_bad_input(result, message)


def test_a_full_width_query_finds_what_its_plain_form_finds(invoke: Invoke) -> None:
    plain, full_width = (
        invoke("catalogue", "search", query, "--catalogue", DEMO, "--format", "json")
        for query in ("solar schools", "ｓｏｌａｒ　ＳＣＨＯＯＬＳ")
    )

    assert json.loads(full_width.stdout) == json.loads(plain.stdout) != []


def test_a_formula_never_calculated_in_a_workbook_exits_2_naming_its_cell(
    invoke: Invoke, tmp_path: Path, current_catalogue: Path
) -> None:
    source = tmp_path / "catalogue.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["id", "kind", "title_en", "summary_en"], ["r", "guide", "Probe", "=1+1"]):
        sheet.append(row)
    book.save(source)

    result = invoke("catalogue", "import", source)

    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        "  row 2, summary_en: the cell holds a formula whose value was never calculated (the file "
        "was written by a program), so it would read as empty; open the file in a spreadsheet "
        "program and save it, or type the value itself"
    ]
    assert not current_catalogue.exists()


def test_a_kept_catalogue_path_of_no_known_format_writes_not_even_out(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STOCKTAKE_CATALOGUE", str(tmp_path / "current.txt"))
    out = tmp_path / "out.csv"

    result = invoke("catalogue", "import", DEMO, "--out", out)

    assert result.exit_code == 2
    assert "current.txt" in result.stderr and ".csv, .xlsx or .json" in result.stderr
    assert not out.exists() and not (tmp_path / "current.txt").exists()


@pytest.mark.parametrize("year", ["2020²", "①", "２０２０", "٢٠٢٠"])
def test_a_year_of_digits_other_than_0_to_9_exits_2_naming_its_cell(
    invoke: Invoke, write: Callable[[str, str], Path], year: str
) -> None:
    source = write("y.csv", f"id,kind,title_en,year\ny,guide,A,{year}\n")

    result = invoke("catalogue", "import", source)

    assert result.exit_code == 2
    assert "  row 2, year: a year from 1900 to 2100" in result.stderr.splitlines()


def test_a_kept_catalogue_that_cannot_be_written_leaves_no_out_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    monkeypatch.setenv("STOCKTAKE_CATALOGUE", str(tmp_path / "afile" / "current.json"))
    out = tmp_path / "out.csv"

    result = invoke("catalogue", "import", DEMO, "--out", out)

    assert result.exit_code == 2
    assert not out.exists()

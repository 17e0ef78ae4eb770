"""``stocktake report``: a city's report as PDF or HTML from an answers file, in every interface
language, and its bad-input paths (exit 2, nothing written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from pdf_fonts import embedded_fonts
from pdf_pages import fill_colours, pdf_text
from stocktake.reports.charts import BAR_COLOUR

Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]


def _report(invoke: Invoke, framework: Path, answers: Path, out: Path, lang: str) -> Result:
    return invoke(
        "report", "--framework", framework, "--answers", answers, "--lang", lang, "--out", out
    )


def test_the_english_pdf_holds_summary_charts_key_areas_indicators_and_method(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"

    result = _report(invoke, mini_path, alpha_csv, out, "en")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Report written to {out}\n"
    text = pdf_text(out.read_bytes())
    assert out.read_bytes().startswith(b"%PDF-")
    for shown in (
        "alpha",
        "Provisional: this round is not signed off",
        "Framework: Mini framework, version 1.0.0",
        "Overall 56 of 100.",
        "4 of the 5 indicators expected are answered.",
        "Governance 62 Environment 50",
        "Scores by development pathway",
        "Key areas for development",
        "Coordination (G1)",
        "Departments disagree (from 1 to 3); not yet reconciled.",
        "G1 Coordination (disagree)",
        "1 – Initial",
        "High, Low",
        "Open data portal Yes",
        "E2 Renewable share not answered",
        "Draft",
        "Krippendorff's alpha (ordinal) across departments: 0.00.",
        "Departments disagree on: G1.",
        "Method notes",
    ):
        assert shown in text, shown
    assert "Demonstration data" not in text


def test_the_traditional_chinese_pdf_is_in_chinese_with_the_chinese_font(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"

    result = _report(invoke, mini_path, alpha_csv, out, "zh-Hant")

    assert result.exit_code == 0, result.stderr
    pdf = out.read_bytes()
    text = pdf_text(pdf)
    assert "Noto-Sans-CJK-TC" in embedded_fonts(pdf)
    for shown in (
        "框架：迷你框架，版本 1.0.0",
        "摘要",
        "重點發展領域",
        "協調 (G1)",
        "1 – 初始",
        "開放資料平台 是",
        "草案",
        "高、低",
        "方法說明",
    ):
        assert shown in text, shown
    for english in ("Key areas", "Summary", "Confidence", "Low", "High", "not answered"):
        assert english not in text, english


def test_the_charts_keep_their_colour_in_the_pdf(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"

    _report(invoke, mini_path, alpha_csv, out, "en")

    colours = fill_colours(out.read_bytes())
    assert BAR_COLOUR in colours
    assert "#000000" not in colours


def test_the_html_report_carries_its_stylesheet_and_no_script(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "Report.HTML"

    result = _report(invoke, mini_path, alpha_csv, out, "ja")

    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in page
    assert "<style>" in page
    assert "<link" not in page
    assert "<script" not in page
    assert f'fill="{BAR_COLOUR}"' in page
    assert "<h2>重点的に取り組むべき分野</h2>" in page


def test_a_demonstration_city_carries_the_banner_and_its_name(
    invoke: Invoke, mini_path: Path, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    answers = write("lanwan.csv", "indicator,value,city,department\nG1,2,lanwan,planning\n")
    out = tmp_path / "report.html"

    _report(invoke, mini_path, answers, out, "en")

    page = out.read_text(encoding="utf-8")
    assert "Demonstration data: every city, person and answer in this report is fictional." in page
    assert "<h1>Lanwan Harbour City</h1>" in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.docx", "the report is written as a .pdf or an .html file, not .docx"),
        ("report", "the report is written as a .pdf or an .html file, not a file without a suffix"),
    ],
)
def test_an_out_file_that_is_neither_pdf_nor_html_is_refused(
    invoke: Invoke,
    assert_bad_input: AssertBadInput,
    mini_path: Path,
    alpha_csv: Path,
    tmp_path: Path,
    name: str,
    message: str,
) -> None:
    out = tmp_path / name

    result = _report(invoke, mini_path, alpha_csv, out, "en")

    assert_bad_input(result, f"{out}: {message}")
    assert not out.exists()


@pytest.mark.parametrize("lang", ["fr", "zh-Hans", ""])
def test_an_unknown_language_is_refused(
    invoke: Invoke,
    assert_bad_input: AssertBadInput,
    mini_path: Path,
    alpha_csv: Path,
    tmp_path: Path,
    lang: str,
) -> None:
    result = _report(invoke, mini_path, alpha_csv, tmp_path / "report.pdf", lang)

    assert_bad_input(
        result,
        f"there is no report in the language '{lang}'; choose one of en, zh-Hant, ja, ko",
    )
    assert list(tmp_path.glob("report*")) == []


def test_languages_are_read_in_any_case(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"

    result = _report(invoke, mini_path, alpha_csv, out, "ZH_hant")

    assert result.exit_code == 0, result.stderr
    assert '<html lang="zh-hant">' in out.read_text(encoding="utf-8")


def test_an_unknown_framework_is_refused(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"

    result = _report(invoke, Path("no-such-framework"), alpha_csv, out, "en")

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "no-such-framework" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("indicator,value,city\nZZ9,1,alpha\n", "ZZ9"),
        ("indicator,value,city\nG1,7,alpha\n", "row 2"),
        ("indicator,value\n", "no answers"),
        ("just some words\n", "Error: "),
    ],
)
def test_a_bad_answers_file_is_refused_and_nothing_is_written(
    invoke: Invoke,
    mini_path: Path,
    write: Callable[[str, str], Path],
    tmp_path: Path,
    content: str,
    problem: str,
) -> None:
    answers = write("answers.csv", content)
    out = tmp_path / "report.pdf"

    result = _report(invoke, mini_path, answers, out, "en")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_missing_answers_file_is_refused(invoke: Invoke, mini_path: Path, tmp_path: Path) -> None:
    result = _report(invoke, mini_path, tmp_path / "none.csv", tmp_path / "report.pdf", "en")

    assert result.exit_code == 2
    assert "none.csv" in result.stderr

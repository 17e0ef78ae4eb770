"""The core's city report: what it shows from a city's records, and its page and PDF.

The words here are stand-ins (each field names itself), so that these tests need no catalogue;
the translated words are the web application's and the command's tests.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from pdf_pages import fill_colours, pdf_text
from stocktake.answers import Answer
from stocktake.consolidate import consolidate
from stocktake.frameworks import Framework
from stocktake.priorities import rank_priorities
from stocktake.reports import (
    CityReport,
    ReportText,
    RoundFacts,
    bar_chart,
    chart_html,
    city_report,
    report_html,
    report_pdf,
)
from stocktake.reports.charts import BAR_COLOUR, Bar
from stocktake.reports.content import answer_text
from stocktake.reports.render import font_class
from stocktake.scoring import score_assessment

ANSWERS = [
    Answer("G1", "1", city="alpha", department="planning", confidence="high", evidence="Plan"),
    Answer("G1", "3", city="alpha", department="environment", confidence="low", evidence="Plan"),
    Answer("G2", "no", city="alpha", department="planning"),
    Answer("E1", "12", city="alpha", department="environment", evidence="<b>Survey</b>"),
    Answer("E3", "adopted", city="alpha", department="environment", confidence="high"),
]


def _report(framework: Framework, *, lang: str = "en", **facts: object) -> CityReport:
    consolidation = consolidate(framework, ANSWERS)
    score = score_assessment(framework, consolidation)
    ranked = rank_priorities(framework, ANSWERS, consolidation=consolidation)
    options: dict[str, object] = {"provisional": True, "demo": False} | facts
    return city_report(
        framework,
        record=score.to_dict(),
        priorities=[item.to_dict() for item in ranked],
        consolidation=consolidation,
        answers=ANSWERS,
        lang=lang,
        city="Alpha",
        **options,  # type: ignore[arg-type]
    )


def _text(report: CityReport) -> ReportText:
    """Each word is its own field's name in capitals, so the test sees where it lands."""
    words: dict[str, object] = {}
    for field in fields(ReportText):
        if field.name in ("facts", "summary_lines", "agreement_lines", "method_notes"):
            words[field.name] = [field.name.upper()]
        elif field.name == "columns":
            words[field.name] = ("C1", "C2", "C3", "C4", "C5")
        elif field.name == "reasons":
            words[field.name] = {area.indicator: ["REASON"] for area in report.key_areas}
        elif field.name == "confidence":
            words[field.name] = {"low": "LOWISH", "medium": "MIDDLING", "high": "HIGHISH"}
        else:
            words[field.name] = field.name.upper()
    return ReportText(**words)  # type: ignore[arg-type]


def test_every_indicator_has_a_row_with_its_answer_in_the_report_s_language(
    mini: Framework,
) -> None:
    report = _report(mini, lang="zh-Hant")

    rows = {row.indicator: row for row in report.rows}
    assert list(rows) == ["G1", "G2", "E1", "E2", "E3"]
    assert rows["G1"].answer == "1 – 初始"
    assert rows["G1"].disagree is True
    assert rows["G1"].confidence == ["high", "low"]
    assert rows["G1"].evidence == ["Plan"]
    assert (rows["G2"].answer, rows["G2"].yes, rows["G2"].score) == ("", False, 0.0)
    assert rows["E1"].answer == "12 %"
    assert (rows["E2"].answered, rows["E2"].score) == (False, None)
    assert rows["E3"].answer == "已通過"
    assert report.framework_title == "迷你框架"
    assert [bar.label for bar in report.dimensions] == ["治理", "環境"]


def test_the_page_places_every_word_of_the_text_and_escapes_what_people_typed(
    mini: Framework,
) -> None:
    report = _report(mini, demo=True, round=RoundFacts(name="2025"))

    page = report_html(report, _text(report), stylesheet_href="/static/reports/report.css")

    for word in ("TITLE", "HEADING", "DEMO_BANNER", "PROVISIONAL", "FACTS", "SUMMARY_LINES"):
        assert word in page
    assert "HIGHISH" in page
    assert "LOWISH" in page
    assert "&lt;b&gt;Survey&lt;/b&gt;" in page
    assert '<link rel="stylesheet" href="/static/reports/report.css">' in page
    assert "<style>" not in page


def test_a_signed_off_report_is_not_marked_provisional_and_has_no_banner_without_demo_data(
    mini: Framework,
) -> None:
    report = _report(mini, provisional=False)

    page = report_html(report, _text(report))

    assert "PROVISIONAL" not in page
    assert "DEMO_BANNER" not in page
    assert "<style>" in page


def test_the_pdf_draws_the_bars_in_their_colour_not_black(mini: Framework) -> None:
    report = _report(mini)

    pdf = report_pdf(report, _text(report))

    assert BAR_COLOUR in fill_colours(pdf)
    assert "#000000" not in fill_colours(pdf)
    assert "HEADING" in pdf_text(pdf)


def test_a_chart_carries_its_colour_as_an_attribute_a_stylesheet_may_override() -> None:
    chart = bar_chart([Bar("Water", 40.0), Bar("Air", None)], title="T", not_scored="none yet")

    drawn = chart_html(chart)

    assert f'<rect class="fill" fill="{BAR_COLOUR}" width="40.0" height="1"/>' in drawn
    assert '<span class="bar-value missing">none yet</span>' in drawn


@pytest.mark.parametrize(
    ("score", "width"), [(-5.0, "0.0"), (0.0, "0.0"), (33.333, "33.3"), (140.0, "100.0")]
)
def test_a_bar_never_leaves_its_track(score: float, width: str) -> None:
    drawn = chart_html(bar_chart([Bar("X", score)], title="T", not_scored="-"))

    assert f'width="{width}"' in drawn


@pytest.mark.parametrize(
    ("lang", "face"),
    [("zh-Hant", "lang-tc"), ("zh-hant", "lang-tc"), ("ja", "lang-jp"), ("ko", "lang-kr")],
)
def test_cjk_languages_pick_their_own_face(lang: str, face: str) -> None:
    assert font_class(lang) == face
    assert font_class("en") == "lang-latin"


def test_a_value_that_fits_no_level_or_option_reads_as_written(mini: Framework) -> None:
    indicators = {indicator.id: indicator for indicator in mini.indicators()}

    assert answer_text(indicators["G1"], "9", "en") == "9"
    assert answer_text(indicators["E3"], "other", "en") == "other"
    assert answer_text(indicators["G2"], "yes", "en") == ""
    assert answer_text(indicators["E1"], None, "en") == ""

"""A round's city report, as a page and as a PDF, from the same results the dashboard shows.

The report reads the round through the assessment domain (the stored record once signed off,
the core's results now for an open round, marked provisional) and draws its charts with the
dashboard's bar chart, so the report, the dashboard and the exports never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stocktake.answers import Answer as CoreAnswer
from stocktake.answers import normalised_score
from stocktake.consolidate import Consolidation
from stocktake.frameworks import Framework, MaturityIndicator
from stocktake_web.assessments.domain import core_answers, round_records
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.charts import bar_chart
from stocktake_web.dashboards.interfaces.exports import ExportFile
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard
from stocktake_web.languages import localised
from stocktake_web.network.domain.demonstration import demo_data_loaded

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"
PDF = "application/pdf"
HTML = "text/html; charset=utf-8"

CJK_FONTS = {"zh-hant": "tc", "ja": "jp", "ko": "kr"}
"""The report's language picks the Noto CJK face whose glyph shapes that language expects; the
stylesheet names each face by class (``lang-tc``, ``lang-jp``, ``lang-kr``)."""


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in the report's table: its consolidated answer and what supports it."""

    indicator: str
    title: str
    answer: str
    score: float | None
    evidence: list[str]
    confidence: list[str]
    disagree: bool


def report_file(round: Round, *, kind: str) -> ExportFile:
    """The report as a PDF download (``kind="pdf"``) or as an HTML page (``kind="html"``).

    Both are one template. The page links its stylesheet, as the security policy allows no
    inline style; WeasyPrint reads the same stylesheet from disk and never fetches anything.
    """
    stem = f"{round.city.slug}-round-{round.pk}-report"
    if kind == "html":
        page = render_to_string("reports/city.html", _context(round) | {"linked_stylesheet": True})
        return ExportFile(f"{stem}.html", HTML, page.encode())
    from weasyprint import CSS  # imported when asked: it loads Pango
    from weasyprint import HTML as Document

    html = render_to_string("reports/city.html", _context(round))
    content = Document(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    return ExportFile(f"{stem}.pdf", PDF, bytes(content or b""))


def _context(round: Round) -> dict[str, object]:
    answers = core_answers(round)
    shown = round_records(round, answers)
    framework = shown.framework
    board = scoreboard(shown.record, shown.priorities, framework, stored=shown.stored)
    language = (get_language() or "en").lower()
    return {
        "round": round,
        "city": round.city,
        "framework": framework,
        "board": board,
        "language": language,
        "font_class": "lang-" + CJK_FONTS.get(language, "latin"),
        "dimension_chart": bar_chart(board.dimensions, title=_("Scores by dimension")),
        "pathway_chart": bar_chart(board.pathways, title=_("Scores by development pathway")),
        "rows": indicator_rows(framework, shown.consolidation, answers),
        "agreement": shown.consolidation,
        "demo_data": demo_data_loaded(),
    }


def indicator_rows(
    framework: Framework, consolidation: Consolidation, answers: list[CoreAnswer]
) -> list[IndicatorRow]:
    """Every indicator of the framework, answered or not, in the framework's order.

    Evidence and confidence are each department's own, listed without repeats; a blank answer
    reads as "not answered", never as a zero.
    """
    by_indicator: dict[str, list[CoreAnswer]] = defaultdict(list)
    for answer in answers:
        if not answer.is_blank:
            by_indicator[answer.indicator].append(answer)
    rows = []
    for indicator in framework.indicators():
        value = consolidation.values[indicator.id]
        given = by_indicator.get(indicator.id, [])
        rows.append(
            IndicatorRow(
                indicator=indicator.id,
                title=localised(indicator.title),
                answer=_answer_text(indicator, value.value),
                score=normalised_score(indicator, value.points),
                evidence=_distinct(answer.evidence for answer in given),
                confidence=_distinct(answer.confidence or "" for answer in given),
                disagree=value.disagree,
            )
        )
    return rows


def _answer_text(indicator: object, value: object) -> str:
    """A maturity level reads as its label ("2 – Planned"); other answers as given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(indicator, MaturityIndicator):
        for level in indicator.levels:
            if str(level.value) == str(value).split(".")[0]:
                return f"{level.value} – {localised(level.label)}"
    return str(value)


def _distinct(texts: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen

"""The city report as an HTML document and as a PDF, from one Jinja2 template.

Why Jinja2 and not Django's template language: the core imports no Django (a notebook or the
``stocktake`` command renders a report without settings or a database), and Jinja2 renders the
template for the web page too, so there is one template, not a Django one for the pages and a
copy for the command. The template holds the layout only; every word comes from a
:class:`~stocktake.reports.content.ReportText`, which the web application composes with
Django's translations and the command with the same compiled catalogues.

The page links its stylesheet (the web's security policy allows no inline style), a file
written by the command carries it in a ``<style>`` element so that it opens anywhere, and
WeasyPrint is given it from disk and fetches nothing. Chinese, Japanese and Korean are drawn in
the Noto CJK face whose glyph shapes the language expects (Debian's ``fonts-noto-cjk``).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from stocktake.reports.charts import BarChart, bar_chart
from stocktake.reports.content import CityReport, ReportText

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
STYLESHEET = STATIC / "report.css"
"""The report's stylesheet; the web application serves ``STATIC`` as ``reports/``."""

CJK_FONTS = {"zh-hant": "tc", "zh-tw": "tc", "zh-hk": "tc", "ja": "jp", "ko": "kr"}
"""The report's language picks the face by class (``lang-tc``, ``lang-jp``, ``lang-kr``)."""

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _percent(value: float | None) -> str:
    """A 0–100 score rounded for reading, as the web pages' ``percent`` filter writes it."""
    return "" if value is None else f"{value:.0f}"


def _bar_length(length: float) -> str:
    """A bar's length for its SVG attribute: one decimal, a full stop whatever the language."""
    return f"{length:.1f}"


_ENVIRONMENT.filters["percent"] = _percent
_ENVIRONMENT.filters["bar_length"] = _bar_length


def font_class(lang: str) -> str:
    """``lang-tc`` for ``zh-Hant``, ``lang-jp``, ``lang-kr``, and ``lang-latin`` otherwise."""
    tag = lang.lower()
    face = CJK_FONTS.get(tag) or CJK_FONTS.get(tag.split("-")[0], "latin")
    return f"lang-{face}"


def chart_html(chart: BarChart) -> Markup:
    """One bar chart as HTML, for the report and for the dashboard's cards alike."""
    return Markup(_ENVIRONMENT.get_template("bar_chart.html").render(chart=chart))


_ENVIRONMENT.globals["chart_html"] = chart_html


def report_html(
    report: CityReport,
    text: ReportText,
    *,
    stylesheet_href: str | None = None,
    after_indicators: Markup | None = None,
) -> str:
    """The report as an HTML document.

    Parameters
    ----------
    stylesheet_href
        Where the page links its stylesheet; without one, the stylesheet is written into the
        document (a file to open anywhere, or the PDF's source).
    after_indicators
        HTML that the caller adds after the indicator table (sections the web application
        draws from its database); trusted as it is.
    """
    return _ENVIRONMENT.get_template("city.html").render(
        report=report,
        text=text,
        font_class=font_class(report.lang),
        stylesheet_href=stylesheet_href,
        stylesheet=None if stylesheet_href else Markup(STYLESHEET.read_text(encoding="utf-8")),
        dimension_chart=bar_chart(
            report.dimensions, title=text.by_dimension, not_scored=text.not_scored
        ),
        pathway_chart=bar_chart(report.pathways, title=text.by_pathway, not_scored=text.not_scored),
        after_indicators=after_indicators or Markup(""),
    )


def report_pdf(
    report: CityReport, text: ReportText, *, after_indicators: Markup | None = None
) -> bytes:
    """The report as a PDF (A4), drawn by WeasyPrint from the same document as the page."""
    from weasyprint import HTML  # imported when asked: it loads Pango

    document = report_html(report, text, after_indicators=after_indicators)
    return bytes(HTML(string=document).write_pdf() or b"")

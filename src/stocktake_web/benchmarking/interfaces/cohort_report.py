"""The cohort report for the network's secretariat, as a page and as a PDF.

It holds the benchmark page's own tables (``benchmarking/_cohort_tables.html``: the heatmap of
cities × themes, the key areas most cities share, the support asked for and the distribution of
scores per dimension, theme, pathway and indicator) from the same benchmark, so the report says
what the page says and obeys the same consent. The PDF is drawn by WeasyPrint with the site's
and the report's stylesheets given from disk; the charts' colours are attributes of their SVG,
which WeasyPrint draws as a browser does.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

from stocktake.reports.render import STYLESHEET, font_class
from stocktake_web.dashboards.interfaces.exports import ExportFile

PDF = "application/pdf"
HTML = "text/html; charset=utf-8"
SITE_STYLESHEET = "stocktake_web/stocktake.css"


def cohort_report_file(context: dict[str, object], *, kind: str, stem: str) -> ExportFile:
    """``context`` is the benchmark page's; ``kind`` is ``pdf`` or ``html``."""
    language = (get_language() or "en").lower()
    document = context | {"language": language, "font_class": font_class(language)}
    if kind == "html":
        page = render_to_string(
            "benchmarking/cohort_report.html", document | {"linked_stylesheets": True}
        )
        return ExportFile(f"{stem}.html", HTML, page.encode())
    from weasyprint import CSS  # imported when asked: it loads Pango
    from weasyprint import HTML as Document

    html = render_to_string("benchmarking/cohort_report.html", document)
    sheets = [CSS(filename=str(path)) for path in (_site_stylesheet(), STYLESHEET)]
    return ExportFile(
        f"{stem}.pdf", PDF, bytes(Document(string=html).write_pdf(stylesheets=sheets) or b"")
    )


def _site_stylesheet() -> Path:
    found = finders.find(SITE_STYLESHEET)
    if not isinstance(found, str):
        raise FileNotFoundError(SITE_STYLESHEET)
    return Path(found)

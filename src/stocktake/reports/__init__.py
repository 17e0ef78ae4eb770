"""City reports: what a report shows (:mod:`~stocktake.reports.content`), its charts
(:mod:`~stocktake.reports.charts`) and its HTML and PDF (:mod:`~stocktake.reports.render`).

The web application and the ``stocktake report`` command both build a
:class:`~stocktake.reports.content.CityReport` here and render it with the one template of
this package; they differ only in where the results come from (a round's stored records, an
answers file) and in how they translate the report's words.
"""

from stocktake.reports.charts import Bar, BarChart, bar_chart
from stocktake.reports.content import (
    CityReport,
    IndicatorRow,
    KeyArea,
    ReportText,
    RoundFacts,
    city_report,
)
from stocktake.reports.render import STYLESHEET, chart_html, report_html, report_pdf

__all__ = [
    "STYLESHEET",
    "Bar",
    "BarChart",
    "CityReport",
    "IndicatorRow",
    "KeyArea",
    "ReportText",
    "RoundFacts",
    "bar_chart",
    "chart_html",
    "city_report",
    "report_html",
    "report_pdf",
]

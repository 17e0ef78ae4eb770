"""A round's city report, as a page and as a PDF, from the same results the dashboard shows.

The report reads the round through the assessment domain (the stored record once signed off,
the core's results now for an open round, marked provisional) and hands them to the core's
report (:mod:`stocktake.reports`), whose one template the ``stocktake report`` command renders
too; its words are :mod:`stocktake_web.report_in_words` through Django's translations.
"""

from __future__ import annotations

from dataclasses import replace

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from markupsafe import Markup

from stocktake.reports import (
    CityReport,
    ReportText,
    RoundFacts,
    city_report,
    report_html,
    report_pdf,
)
from stocktake_web.assessments.domain import core_answers, round_records
from stocktake_web.assessments.interfaces.training import training_banner
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.exports import ExportFile, file_stem
from stocktake_web.languages import current_language, localised
from stocktake_web.network.domain.demonstration import demo_data_loaded
from stocktake_web.report_in_words import report_text

PDF = "application/pdf"
HTML = "text/html; charset=utf-8"


def report_file(round: Round, *, kind: str) -> ExportFile:
    """The report as a PDF download (``kind="pdf"``) or as an HTML page (``kind="html"``).

    Both are the core's one template. The page links its stylesheet, as the security policy
    allows no inline style; the PDF is given it from disk by the core and fetches nothing.
    """
    stem = f"{file_stem(round)}-report"
    answers = core_answers(round)
    shown = round_records(round, answers)
    report = city_report(
        shown.framework,
        record=shown.record,
        priorities=shown.priorities,
        consolidation=shown.consolidation,
        answers=answers,
        lang=current_language(),
        city=localised(round.city.name),
        provisional=not shown.stored,
        demo=demo_data_loaded(),
        round=_facts(round, signed=shown.stored),
    )
    text = report_text(report, shown.framework, translation)
    if round.is_training:
        text = _labelled_as_training(text, round)
    extra = _after_indicators(round, report)
    if kind == "html":
        page = report_html(
            report, text, stylesheet_href=static("reports/report.css"), after_indicators=extra
        )
        return ExportFile(f"{stem}.html", HTML, page.encode())
    return ExportFile(f"{stem}.pdf", PDF, report_pdf(report, text, after_indicators=extra))


def _labelled_as_training(text: ReportText, round: Round) -> ReportText:
    """A training round's report says so in its title (the PDF's title too) and first thing
    under its heading, in the words of the banner on the round's pages."""
    title = _("Training report, not counted in any network result: %(city)s, %(round)s") % {
        "city": localised(round.city.name),
        "round": round.name,
    }
    return replace(text, title=title, facts=[training_banner(), *text.facts])


def _facts(round: Round, *, signed: bool) -> RoundFacts:
    """The round's name and dates as the reader's language writes a date; ``signed`` when the
    round has its sign-off."""
    signed_at = timezone.localtime(round.sign_off.signed_off_at) if signed else None
    return RoundFacts(
        name=round.name,
        deadline=formats.date_format(round.deadline, "DATE_FORMAT") if round.deadline else "",
        signed_off_on=formats.date_format(signed_at, "DATE_FORMAT") if signed_at else "",
    )


def _after_indicators(round: Round, report: CityReport) -> Markup:
    """Sections only the web application has (from its database), after the indicator table:
    ``reports/_after_indicators.html``, rendered with Django in the reader's language."""
    return Markup(render_to_string("reports/_after_indicators.html", {"round": round}).strip())

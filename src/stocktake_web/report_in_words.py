"""The city report's words, in every interface language, for the web page and the command.

As :mod:`stocktake_web.results_in_words` does for the key areas' reasons, the sentences are
composed once, here: the web application passes Django's translation functions, the
``stocktake report`` command passes :func:`~stocktake_web.results_in_words.catalogue`, the same
compiled catalogues read with Python's own ``gettext``. The layout is the core's
(:mod:`stocktake.reports`); this module imports nothing of Django.
"""

from __future__ import annotations

from stocktake.frameworks import Framework
from stocktake.reports import CityReport, ReportText
from stocktake_web.results_in_words import Wording, reason_text

LANGUAGES = ("en", "zh-Hant", "ja", "ko")
"""The interface languages, as framework files tag them: the languages a report is written in
(Django's ``settings.LANGUAGES`` in its own spelling, which a test keeps equal)."""


def report_text(report: CityReport, framework: Framework, words: Wording) -> ReportText:
    """Every word of ``report`` through ``words`` (framework text is already the report's)."""
    return ReportText(
        title=_title(report, words),
        heading=" — ".join(part for part in (report.city, _round_name(report)) if part),
        demo_banner=words.gettext(
            "Demonstration data: every city, person and answer in this report is fictional."
        ),
        provisional=words.gettext(
            "Provisional: this round is not signed off, and its results may still change."
        ),
        facts=_facts(report, words),
        summary=words.gettext("Summary"),
        summary_lines=_summary(report, words),
        by_dimension=words.gettext("Scores by dimension"),
        by_pathway=words.gettext("Scores by development pathway"),
        not_scored=words.gettext("not scored"),
        key_areas=words.gettext("Key areas for development"),
        no_key_areas=words.gettext("No indicator falls short of its target among those answered."),
        reasons={
            area.indicator: [
                reason_text(reason, framework, lang=report.lang, words=words)
                for reason in area.reasons
            ]
            for area in report.key_areas
        },
        indicators=words.gettext("Indicators"),
        columns=(
            words.gettext("Indicator"),
            words.gettext("Answer"),
            words.gettext("Score"),
            words.gettext("Evidence"),
            words.gettext("Confidence"),
        ),
        disagree=words.gettext("disagree"),
        not_answered=words.gettext("not answered"),
        yes=words.gettext("Yes"),
        no=words.gettext("No"),
        confidence=confidence_labels(words),
        list_separator=words.pgettext("list separator", ", "),
        agreement=words.gettext("Agreement between departments"),
        agreement_lines=_agreement(report, words),
        method=words.gettext("Method notes"),
        method_notes=[
            words.gettext(
                "Each answer is scored on its indicator's 0–100 scale; several departments' "
                "answers are consolidated into one value unless the coordinator reconciled "
                "them. Dimension and pathway scores are computed from the scored indicators "
                "only; an unanswered indicator is left out, never counted as zero. The key "
                "areas for development and their reasons follow the method described in the "
                "documentation's methods section."
            )
        ],
    )


def confidence_labels(words: Wording) -> dict[str, str]:
    """A department's confidence by its stored code, with the answer form's own words."""
    return {
        "low": words.pgettext("confidence", "Low"),
        "medium": words.pgettext("confidence", "Medium"),
        "high": words.pgettext("confidence", "High"),
    }


def _round_name(report: CityReport) -> str:
    return report.round.name if report.round else ""


def _title(report: CityReport, words: Wording) -> str:
    if report.round:
        return words.gettext("Report: %(city)s, %(round)s") % {
            "city": report.city,
            "round": report.round.name,
        }
    return words.gettext("Report: %(city)s") % {"city": report.city}


def _facts(report: CityReport, words: Wording) -> list[str]:
    facts = [
        words.gettext("Framework: %(title)s, version %(version)s")
        % {"title": report.framework_title, "version": report.framework_version}
    ]
    round = report.round
    if round and round.deadline:
        facts.append(words.gettext("Deadline %(date)s") % {"date": round.deadline})
    if round and round.signed_off_on:
        facts.append(words.gettext("Signed off on %(date)s.") % {"date": round.signed_off_on})
    return facts


def _summary(report: CityReport, words: Wording) -> list[str]:
    """The headline (points for a sum-scored framework, 0–100 otherwise) and the coverage."""
    if report.answered_nothing:
        first = words.gettext(
            "Nothing is answered yet in this round, so there are no scores to show."
        )
    elif report.headline:
        total = report.headline.total
        first = words.ngettext(
            "%(points)s of %(max)s points; %(points)s of %(attainable)s attainable "
            "(%(scored)s of the %(counter)s indicator scored).",
            "%(points)s of %(max)s points; %(points)s of %(attainable)s attainable "
            "(%(scored)s of the %(counter)s indicators scored).",
            total.n_indicators,
        ) % {
            "points": _points(total.points),
            "max": _points(total.max_points),
            "attainable": _points(total.attainable_max),
            "scored": total.n_scored,
            "counter": total.n_indicators,
        }
    else:
        score = "" if report.total is None else f"{report.total:.0f}"
        first = words.gettext("Overall %(score)s of 100.") % {"score": score}
    coverage = words.ngettext(
        "%(scored)s of the %(counter)s indicator expected is answered.",
        "%(scored)s of the %(counter)s indicators expected are answered.",
        report.n_expected,
    ) % {"scored": report.n_scored, "counter": report.n_expected}
    return [first, coverage]


def _points(value: float) -> str:
    """Points with one decimal when they have one: 34, 34.5 (Django's ``floatformat:-1``)."""
    return f"{value:.1f}".removesuffix(".0")


def _agreement(report: CityReport, words: Wording) -> list[str]:
    if report.alpha is None:
        lines = [
            words.gettext(
                "Too few indicators were answered by more than one department to measure agreement."
            )
        ]
    else:
        lines = [
            words.gettext("Krippendorff's alpha (ordinal) across departments: %(alpha)s.")
            % {"alpha": f"{report.alpha:.2f}"}
        ]
    if report.needs_reconciliation:
        codes = words.pgettext("list separator", ", ").join(report.needs_reconciliation)
        lines.append(words.gettext("Departments disagree on: %(codes)s.") % {"codes": codes})
    return lines

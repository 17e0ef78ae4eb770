"""What a city report shows, as plain data: the one description the web and the command share.

A report is built from the core's JSON-ready records (a score's :meth:`to_dict`, the key areas'
:meth:`to_dict`), which is what a signed-off round stores and what the ``stocktake`` command
computes from an answers file, so a stored round and a file give the same report. Framework text
is picked in the report's language here; every other word (headings, sentences, the reasons of
the key areas, the confidence of answers) is the caller's :class:`ReportText`, because the
interface catalogues belong to the application that ships them, not to the core.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stocktake.answers import (
    Answer,
    AnswerValue,
    indicator_points,
    normalised_score,
)
from stocktake.consolidate import Consolidation
from stocktake.errors import StocktakeError
from stocktake.frameworks import PATHWAYS, Framework
from stocktake.frameworks.schema import (
    BandedIndicator,
    ChoiceIndicator,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    YesNoIndicator,
)
from stocktake.frameworks.text import localise
from stocktake.reports.charts import Bar
from stocktake.scoring import PointsHeadline, indicators_expected, points_headline


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in the report's table: its consolidated answer and what supports it."""

    indicator: str
    title: str
    answer: str
    """The answer in the report's language: a level with its label, an option's label, a
    measured value with its unit; empty when not answered or for a yes/no answer."""
    yes: bool | None
    """A yes/no indicator's answer (its words are the caller's); ``None`` for other kinds."""
    score: float | None
    evidence: list[str]
    confidence: list[str]
    """The departments' confidence codes (``low``, ``medium``, ``high``), without repeats."""
    disagree: bool

    @property
    def answered(self) -> bool:
        return bool(self.answer) or self.yes is not None


@dataclass(frozen=True)
class KeyArea:
    rank: int
    indicator: str
    title: str
    score: float
    reasons: list[Mapping[str, Any]]
    """The core's reasons as records (``code``, ``params``, English ``text``)."""


@dataclass(frozen=True)
class RoundFacts:
    """What only a stored round has: its name and dates, written in the reader's language."""

    name: str
    deadline: str = ""
    signed_off_on: str = ""


@dataclass(frozen=True)
class CityReport:
    """Everything a city report shows except its words; see :func:`city_report`."""

    lang: str
    city: str
    framework_title: str
    framework_version: str
    provisional: bool
    demo: bool
    total: float | None
    headline: PointsHeadline | None
    n_scored: int
    n_expected: int
    dimensions: list[Bar]
    pathways: list[Bar]
    key_areas: list[KeyArea]
    rows: list[IndicatorRow]
    alpha: float | None
    needs_reconciliation: list[str]
    round: RoundFacts | None = None

    @property
    def answered_nothing(self) -> bool:
        return self.n_scored == 0


@dataclass(frozen=True)
class ReportText:
    """Every word of the report in its language, composed by the caller from its catalogue.

    Plain strings, already translated; the template adds no word of its own, so the page and
    the PDF, the web and the command read the same sentences.
    """

    title: str
    heading: str
    demo_banner: str
    provisional: str
    facts: list[str]
    summary: str
    summary_lines: list[str]
    by_dimension: str
    by_pathway: str
    not_scored: str
    key_areas: str
    no_key_areas: str
    reasons: dict[str, list[str]]
    """Each key area's reasons, by indicator id."""
    indicators: str
    columns: tuple[str, str, str, str, str]
    """Indicator, answer, score, evidence and confidence headings."""
    disagree: str
    not_answered: str
    yes: str
    no: str
    confidence: dict[str, str]
    """Each confidence code's label."""
    list_separator: str
    agreement: str
    agreement_lines: list[str]
    method: str
    method_notes: list[str] = field(default_factory=list)


def city_report(
    framework: Framework,
    *,
    record: Mapping[str, Any],
    priorities: Sequence[Mapping[str, Any]],
    consolidation: Consolidation,
    answers: Sequence[Answer],
    lang: str,
    city: str,
    provisional: bool,
    demo: bool,
    round: RoundFacts | None = None,
) -> CityReport:
    """The report of one city's results on ``framework``, framework text in ``lang``.

    Parameters
    ----------
    record, priorities
        The score's and the key areas' records (``AssessmentScore.to_dict()``,
        ``Priority.to_dict()``), as stored at sign-off or computed now.
    consolidation, answers
        The departments' answers and their consolidation, for the indicator table (each
        department's evidence and confidence) and the agreement between departments.
    provisional
        The results may still change (a round not signed off); the report says so.
    demo
        The data is fictional; the report carries the demonstration banner.
    """
    groups = record["groups"]
    return CityReport(
        lang=lang,
        city=city,
        framework_title=localise(framework.title, lang),
        framework_version=framework.version,
        provisional=provisional,
        demo=demo,
        total=record["total"]["score"],
        headline=points_headline(record),
        n_scored=int(record["total"]["n_scored"]),
        n_expected=indicators_expected(record["total"]),
        dimensions=[
            Bar(localise(groups[key]["title"], lang), groups[key]["score"])
            for key in record["dimensions"]
        ],
        pathways=[
            Bar(localise(record["pathways"][key]["title"], lang), record["pathways"][key]["score"])
            for key in PATHWAYS
            if key in record["pathways"]
        ],
        key_areas=[
            KeyArea(
                rank=item["rank"],
                indicator=item["indicator"],
                title=localise(item["title"], lang),
                score=item["score"],
                reasons=list(item["reasons"]),
            )
            for item in priorities
        ],
        rows=indicator_rows(framework, consolidation, answers, lang),
        alpha=consolidation.alpha,
        needs_reconciliation=list(consolidation.needs_reconciliation),
        round=round,
    )


def indicator_rows(
    framework: Framework, consolidation: Consolidation, answers: Sequence[Answer], lang: str
) -> list[IndicatorRow]:
    """Every indicator of the framework, answered or not, in the framework's order.

    Evidence and confidence are each department's own, listed without repeats; a blank answer
    reads as "not answered", never as a zero.
    """
    by_indicator: dict[str, list[Answer]] = defaultdict(list)
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
                title=localise(indicator.title, lang),
                answer=answer_text(indicator, value.value, lang),
                yes=_yes(indicator, value.value),
                score=normalised_score(indicator, value.points),
                evidence=_distinct(answer.evidence for answer in given),
                confidence=_distinct(answer.confidence or "" for answer in given),
                disagree=value.disagree,
            )
        )
    return rows


def answer_text(indicator: Indicator, value: AnswerValue, lang: str) -> str:
    """An answer as a reader of ``lang`` reads it: "2 – Planned", an option's label, "35 % of
    city area". A yes/no answer is left to the caller's words (empty here), and a value that
    does not fit the indicator (which consolidation never gives) reads as written."""
    if value is None or isinstance(indicator, YesNoIndicator):
        return ""
    text = str(value).strip()
    if isinstance(indicator, MaturityIndicator):
        for level in indicator.levels:
            if str(level.value) == text.split(".")[0]:
                return f"{level.value} – {localise(level.label, lang)}"
    if isinstance(indicator, ChoiceIndicator):
        for option in indicator.options:
            if option.id == text:
                return localise(option.label, lang)
    if isinstance(indicator, BandedIndicator | NumericIndicator) and text:
        return f"{text} {localise(indicator.unit, lang)}".strip()
    return text


def _yes(indicator: Indicator, value: AnswerValue) -> bool | None:
    if not isinstance(indicator, YesNoIndicator) or value is None or str(value).strip() == "":
        return None
    try:
        points = indicator_points(indicator, value)
    except StocktakeError:
        return None
    return points == indicator.points_yes


def _distinct(texts: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen

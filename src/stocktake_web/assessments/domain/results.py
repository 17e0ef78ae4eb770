"""A round's rows as the core's answers, and the core's results for them.

The web layer holds no maths: consolidation, scores and the key areas for development all come
from :mod:`stocktake`; this module only converts rows to :class:`stocktake.answers.Answer`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import stocktake
from stocktake.answers import Answer as CoreAnswer
from stocktake.answers.answer import Confidence
from stocktake.consolidate import Consolidation, consolidate
from stocktake.consolidate.consolidate import Rule
from stocktake.frameworks import Framework
from stocktake.priorities import Priority, rank_priorities
from stocktake.scoring import AssessmentScore, score_assessment
from stocktake_web.assessments.models import (
    Answer,
    AnswerSupport,
    Reconciliation,
    Round,
    SignOff,
)

CONSOLIDATION_RULE: Rule = "median"
CONFIDENCE: dict[str, Confidence] = {"low": "low", "medium": "medium", "high": "high"}
"""A stored confidence as the core names it; none stored (an empty text) is missing."""
PRIORITIES_TOP = 10


def method_parameters() -> dict[str, object]:
    """The parameters stored with signed-off results, enough to compute them again."""
    return {
        "consolidation_rule": CONSOLIDATION_RULE,
        "priorities_top": PRIORITIES_TOP,
        "stocktake_version": stocktake.__version__,
    }


def core_answers(round: Round) -> list[CoreAnswer]:
    """Every non-blank department answer and every reconciliation of ``round`` (three queries).

    Rows are read as plain values, not model instances: dashboards call this on every request.
    """
    rows = (
        Answer.objects.filter(assignment__round=round)
        .exclude(value="")
        .order_by("assignment__indicator", "assignment__department__slug")
        .values_list(
            "pk",
            "assignment__indicator",
            "assignment__department__slug",
            "value",
            "confidence",
            "importance",
            "evidence",
            "comment",
        )
    )
    support: dict[int, list[str]] = defaultdict(list)
    kinds = AnswerSupport.objects.filter(answer__assignment__round=round).order_by("kind")
    for answer_id, kind in kinds.values_list("answer_id", "kind"):
        support[answer_id].append(kind)
    city = round.city.slug
    answers = [
        CoreAnswer(
            indicator=indicator,
            value=value,
            city=city,
            department=department,
            confidence=CONFIDENCE.get(confidence),
            importance=importance,
            support_needed=tuple(support[pk]),
            evidence=evidence,
            comment=comment,
        )
        for pk, indicator, department, value, confidence, importance, evidence, comment in rows
    ]
    reconciled = Reconciliation.objects.filter(round=round).order_by("indicator")
    answers += [
        CoreAnswer(indicator=indicator, value=value, city=city, comment=reason, reconciled=True)
        for indicator, value, reason in reconciled.values_list("indicator", "value", "reason")
    ]
    return answers


@dataclass(frozen=True)
class RoundResults:
    """The core's results for a round, computed from its current rows."""

    framework: Framework
    score: AssessmentScore
    priorities: list[Priority]

    @property
    def consolidation(self) -> Consolidation:
        return self.score.consolidation


def compute_results(round: Round, answers: list[CoreAnswer] | None = None) -> RoundResults:
    """Consolidate, score and rank the round's answers with the round's pinned framework."""
    framework = round.framework.load()
    answers = core_answers(round) if answers is None else answers
    consolidation = consolidate(framework, answers, rule=CONSOLIDATION_RULE)
    score = score_assessment(framework, consolidation)
    priorities = rank_priorities(
        framework, answers, top=PRIORITIES_TOP, consolidation=consolidation
    )
    return RoundResults(framework=framework, score=score, priorities=priorities)


def consolidate_round(round: Round, answers: list[CoreAnswer] | None = None) -> Consolidation:
    """The departments' answers consolidated as :func:`compute_results` does, without scoring
    or ranking: a signed-off round shows its stored results and needs only this for its heatmap.
    """
    answers = core_answers(round) if answers is None else answers
    return consolidate(round.framework.load(), answers, rule=CONSOLIDATION_RULE)


@dataclass(frozen=True)
class RoundRecords:
    """What pages and exports show of a round's results, as plain records: those stored at
    sign-off once the round is signed off (never computed again), fresh ones before."""

    framework: Framework
    record: dict[str, Any]
    priorities: list[dict[str, Any]]
    consolidation: Consolidation
    stored: bool


def round_records(round: Round, answers: list[CoreAnswer] | None = None) -> RoundRecords:
    """The round's results to show: its sign-off's records, or the core's results now."""
    answers = core_answers(round) if answers is None else answers
    try:
        signed = round.sign_off
    except SignOff.DoesNotExist:
        results = compute_results(round, answers)
        return RoundRecords(
            framework=results.framework,
            record=results.score.to_dict(),
            priorities=[priority.to_dict() for priority in results.priorities],
            consolidation=results.consolidation,
            stored=False,
        )
    return RoundRecords(
        framework=round.framework.load(),
        record=signed.results,
        priorities=signed.priorities,
        consolidation=consolidate_round(round, answers),
        stored=True,
    )

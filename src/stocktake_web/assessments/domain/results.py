"""A round's rows as the core's answers, and the core's results for them.

The web layer holds no maths: consolidation, scores and the key areas for development all come
from :mod:`stocktake`; this module only converts rows to :class:`stocktake.scoring.Answer`.
"""

from __future__ import annotations

from dataclasses import dataclass

import stocktake
from stocktake.consolidate import Consolidation
from stocktake.frameworks import Framework
from stocktake.priorities import Priority, rank_priorities
from stocktake.scoring import Answer as CoreAnswer
from stocktake.scoring import AssessmentScore, score_assessment
from stocktake_web.assessments.models import Answer, Reconciliation, Round

CONSOLIDATION_RULE = "median"
PRIORITIES_TOP = 10


def method_parameters() -> dict[str, object]:
    """The parameters stored with signed-off results, enough to compute them again."""
    return {
        "consolidation_rule": CONSOLIDATION_RULE,
        "priorities_top": PRIORITIES_TOP,
        "stocktake_version": stocktake.__version__,
    }


def core_answers(round: Round) -> list[CoreAnswer]:
    """Every non-blank department answer and every reconciliation of ``round`` (three queries)."""
    rows = (
        Answer.objects.filter(assignment__round=round)
        .exclude(value="")
        .select_related("assignment__department")
        .prefetch_related("support")
        .order_by("assignment__indicator", "assignment__department__slug")
    )
    answers = [_core_answer(round, row) for row in rows]
    reconciled = Reconciliation.objects.filter(round=round).order_by("indicator")
    answers += [
        CoreAnswer(
            indicator=row.indicator,
            value=row.value,
            city=round.city.slug,
            comment=row.reason,
            reconciled=True,
        )
        for row in reconciled
    ]
    return answers


def _core_answer(round: Round, row: Answer) -> CoreAnswer:
    return CoreAnswer(
        indicator=row.assignment.indicator,
        value=row.value,
        city=round.city.slug,
        department=row.assignment.department.slug,
        confidence=row.confidence or None,  # type: ignore[arg-type]
        importance=row.importance,
        support_needed=tuple(support.kind for support in row.support.all()),
        evidence=row.evidence,
        comment=row.comment,
    )


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
    score = score_assessment(framework, answers)
    priorities = rank_priorities(framework, answers, top=PRIORITIES_TOP)
    return RoundResults(framework=framework, score=score, priorities=priorities)

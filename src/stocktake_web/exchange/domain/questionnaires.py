"""A department's offline questionnaire in a round, built from its stored answers."""

from __future__ import annotations

from stocktake.io.questionnaire import FilledAnswer, Questionnaire
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.network.models import Department


def department_questionnaire(
    *, round: Round, department: Department, lang: str, filled: bool
) -> Questionnaire:
    """The department's assigned indicators in framework order; ``filled`` adds the answers.

    Each row carries its answer's id and version even when blank, so that an upload can tell an
    answer changed since the download from one that did not (two queries).
    """
    framework = round.framework.load()
    rows = Answer.objects.filter(assignment__round=round, assignment__department=department)
    answers = {
        row.assignment.indicator: row
        for row in rows.select_related("assignment").prefetch_related("support")
    }
    indicators = [indicator.id for indicator in framework.indicators() if indicator.id in answers]
    return Questionnaire(
        framework=framework,
        department=department.slug,
        indicators=indicators,
        lang=lang,
        round_id=round.pk,
        answers={key: _filled(answer, filled=filled) for key, answer in answers.items()},
    )


def _filled(answer: Answer, *, filled: bool) -> FilledAnswer:
    if not filled:
        return FilledAnswer(answer_id=answer.pk, version=answer.version)
    return FilledAnswer(
        value=answer.value or None,
        confidence=answer.confidence,
        importance=answer.importance,
        support_needed=tuple(kind.kind for kind in answer.support.all()),
        evidence=answer.evidence,
        link=answer.link,
        comment=answer.comment,
        answer_id=answer.pk,
        version=answer.version,
    )

"""Where an imported answer came from: each import's changes enter the answers' history.

The imports save through the assessment domain's batch save, which writes an
``AnswerRevision`` per changed field as for a typed answer; this module links the revisions
that one file made to an :class:`~stocktake_web.exchange.models.AnswerImport`, so that the
history says "import of FILE by USER". Answers the file did not change get no revision, so a
file uploaded twice adds nothing to any history the second time.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import SaveOutcome
from stocktake_web.assessments.models import AnswerRevision, Round
from stocktake_web.exchange.models import AnswerImport


def record_import(
    *,
    round: Round,
    kind: AnswerImport.Kind,
    file_name: str,
    user: User,
    outcomes: Sequence[SaveOutcome],
) -> AnswerImport | None:
    """The import of ``file_name`` with the revisions its saves made; ``None`` when it changed
    nothing. Call inside the transaction that saved ``outcomes``."""
    made = Q()
    for outcome in outcomes:
        if outcome.saved and outcome.changed:
            made |= Q(answer_id=outcome.answer.pk, version=outcome.answer.version)
    if not made:
        return None
    revisions = list(AnswerRevision.objects.filter(made).values_list("pk", flat=True))
    done = AnswerImport.objects.create(
        round=round, kind=kind, file_name=file_name[:255], imported_by=user
    )
    done.revisions.add(*revisions)
    return done

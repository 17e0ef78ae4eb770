"""Training rounds: a workshop exercise or a simulation that never counts as the city's result.

The mark is chosen when the round is opened (:func:`~stocktake_web.assessments.domain.rounds.
open_round`). It may change afterwards only while the round is open and nobody has saved an
answer in it: once answers exist they were given either as an exercise or as the city's result,
and relabelling them would change what they meant to the people who gave them (and, after
sign-off, what the network's pages had already shown). Every change needs a reason and is kept
in the audit log.

Which pages leave a training round out is decided in one place,
:meth:`~stocktake_web.assessments.models.RoundQuerySet.counted`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round
from stocktake_web.assessments.domain.errors import RoundStateError
from stocktake_web.assessments.domain.rounds import stated_reason
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.audit.domain.events import record_training_change


def training_changeable(round: Round) -> bool:
    """Whether the round's training mark may still change: open, and no answer saved yet
    (one query)."""
    return round.is_open and not _answered(round)


def _answered(round: Round) -> bool:
    return Answer.objects.filter(assignment__round=round, version__gt=0).exists()


def set_training(*, round: Round, training: bool, by: User | None, reason: str) -> bool:
    """Mark ``round`` as a training round (``training``) or as one that counts, with the
    coordinator's ``reason``, kept in the audit log.

    Returns whether anything changed: asking for the mark the round has already (a double
    click) changes and records nothing. Raises :class:`RoundStateError` once the round is no
    longer open or an answer has been saved in it.
    """
    reason = stated_reason(reason)
    with transaction.atomic():
        locked_round(round)
        if not round.is_open:
            raise RoundStateError(
                _(
                    "Only a round open for answers can be marked as training or not; this one "
                    "has moved on, so its results stay as they were given."
                )
            )
        current = Round.objects.only("is_training").get(pk=round.pk).is_training
        if current == training:
            round.is_training = current
            return False
        if _answered(round):
            raise RoundStateError(
                _(
                    "Answers have been saved in this round, so whether it is a training round "
                    "can no longer change: they were given as it was. Open a new round instead."
                )
            )
        round.is_training = training
        round.save(update_fields=["is_training"])
        record_training_change(round=round, by=by, reason=reason)
    return True

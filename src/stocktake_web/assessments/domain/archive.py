"""Archiving a round, and taking it out of the archive: the application never deletes one.

An archived round leaves the city's lists, round pickers and the cohort's overview, and stays
readable, read-only, at its own address. A signed-off round is not archived: its results are
part of the network's comparisons and of the city's progress, and taking them out silently
would change what other pages said; its sign-off is withdrawn first, with a reason.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round
from stocktake_web.assessments.domain.errors import RoundStateError
from stocktake_web.assessments.domain.rounds import stated_reason
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain.events import record_round_archived, record_round_restored


def archive_round(*, round: Round, by: User, reason: str) -> Round:
    """Put the round in the archive, with the coordinator's reason (kept on the round and in
    the audit log). Refused for a signed-off round and for one archived already."""
    reason = stated_reason(reason)
    with transaction.atomic():
        locked_round(round, even_archived=True)
        if round.is_archived:
            raise RoundStateError(_("This round is already archived."))
        if round.is_signed_off:
            raise RoundStateError(
                _(
                    "A signed-off round's results are part of the network's comparisons: "
                    "withdraw the sign-off first, then archive the round."
                )
            )
        round.archived_at, round.archived_by, round.archive_reason = timezone.now(), by, reason
        round.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        record_round_archived(round=round, by=by, reason=reason)
    return round


def restore_round(*, round: Round, by: User, reason: str = "") -> Round:
    """Take the round out of the archive, in the state it was archived in; the archiving
    stays in the audit log."""
    with transaction.atomic():
        locked_round(round, even_archived=True)
        if not round.is_archived:
            raise RoundStateError(_("This round is not archived."))
        round.archived_at, round.archived_by, round.archive_reason = None, None, ""
        round.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        record_round_restored(round=round, by=by, reason=reason.strip())
    return round

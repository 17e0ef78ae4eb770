"""A round's own history, read from the audit log: each event recorded about the round carries
its id in ``details`` (see ``audit.domain.events._record_round``), so the log is the one
record of who did what to it, when and why."""

from __future__ import annotations

from stocktake_web.assessments.models import Round
from stocktake_web.audit.models import AuditEvent

HISTORY_LENGTH = 200
"""Most events the round page lists: a round downloaded every day would otherwise grow its
page without end; the network's audit log keeps every one."""


def round_events(round: Round) -> tuple[list[AuditEvent], bool]:
    """The round's latest :data:`HISTORY_LENGTH` events, newest first, and whether there are
    older ones (one query, one row more than shown)."""
    rows = AuditEvent.objects.filter(
        network_id=round.city.network_id, details__round_id=round.pk
    ).order_by("-at", "-id")
    found = list(rows[: HISTORY_LENGTH + 1])
    return found[:HISTORY_LENGTH], len(found) > HISTORY_LENGTH

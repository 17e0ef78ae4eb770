"""A session, and what its screen, the dashboard and the report read of it.

Each lookup is one query; each returns None or an empty list when there is nothing there.
"""

from __future__ import annotations

from collections import defaultdict

from stocktake_web.assessments.models import Answer, Reconciliation, Round
from stocktake_web.workshops.models import (
    Attendance,
    Dissent,
    RoomScore,
    RoomScoreConflict,
    RoomScoreRevision,
    Session,
)

LATEST_CHANGES = 10


def session_with_id(session_id: int) -> Session | None:
    """The session with its round, city and framework version (not its large definition)."""
    found = Session.objects.select_related("round__city", "round__framework", "facilitator")
    return found.defer("round__framework__definition").filter(pk=session_id).first()


def session_of_round(round: Round) -> Session | None:
    found = Session.objects.select_related("facilitator").filter(round=round).first()
    if found is not None:
        found.round = round
    return found


def attendance_of(session: Session) -> list[Attendance]:
    return list(session.attendance.select_related("department"))


def scores_of(session: Session) -> dict[str, RoomScore]:
    return {score.indicator: score for score in session.scores.all()}


def dissent_of(session: Session, indicator: str | None = None) -> list[Dissent]:
    """Dissent not withdrawn, of one question or of all, in the order it was voiced."""
    found = session.dissent.filter(withdrawn_at=None).select_related("department")
    return list(found if indicator is None else found.filter(indicator=indicator))


def open_conflicts_of(score: RoomScore | None) -> list[RoomScoreConflict]:
    if score is None or score.pk is None:
        return []
    return list(score.conflicts.filter(resolution=RoomScoreConflict.Resolution.OPEN))


def latest_changes_of(score: RoomScore | None) -> list[RoomScoreRevision]:
    if score is None or score.pk is None:
        return []
    return list(score.revisions.select_related("changed_by")[:LATEST_CHANGES])


def department_answers(round: Round, indicator: str | None = None) -> dict[str, list[Answer]]:
    """The departments' non-blank answers by question, given before or beside the session."""
    found = (
        Answer.objects.filter(assignment__round=round)
        .exclude(value="")
        .select_related("assignment__department")
        .order_by("assignment__department__slug")
    )
    if indicator is not None:
        found = found.filter(assignment__indicator=indicator)
    answers: dict[str, list[Answer]] = defaultdict(list)
    for answer in found:
        answers[answer.assignment.indicator].append(answer)
    return answers


def reconciled_versions(round: Round) -> dict[str, int]:
    """Each reconciled question's version: the room's score is the round's answer where the
    version it wrote is still the one stored."""
    rows = Reconciliation.objects.filter(round=round).values_list("indicator", "version")
    return dict(rows)


def scored_count(session: Session) -> int:
    """Questions the room has given a score."""
    return session.scores.exclude(value="").count()


def dissent_in_session(session: Session, dissent_id: int) -> Dissent | None:
    found = Dissent.objects.filter(pk=dissent_id, session=session).first()
    if found is not None:
        found.session = session
    return found


def conflict_in_session(session: Session, conflict_id: int) -> RoomScoreConflict | None:
    found = RoomScoreConflict.objects.select_related("score").filter(
        pk=conflict_id, score__session=session
    )
    conflict = found.first()
    if conflict is not None:
        conflict.score.session = session
    return conflict

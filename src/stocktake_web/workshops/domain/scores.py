"""Saving the room's score for a question: versioned, never silently overwritten, every change
recorded, and the agreed value made the round's reconciled answer.

The same rules as a department's answer (:mod:`stocktake_web.assessments.domain.answers`): the
screen sends the version its edit started from; a save based on an older one is kept as a
:class:`RoomScoreConflict` for the facilitator to settle, and a save that goes through writes a
:class:`RoomScoreRevision` per changed field. When the agreed value changes, the round's
:class:`Reconciliation` for the question takes it, with a reason naming the workshop session:
consolidation lets a reconciled answer win over the departments' answers, so scores, key areas,
reports and benchmarking read the room's score without knowing about workshops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.answers import check_value
from stocktake_web.assessments.domain.errors import InvalidAnswerError, WorkflowError
from stocktake_web.assessments.models import VERSION_MAX, Reconciliation
from stocktake_web.audit.domain.events import record_answer_reconciled
from stocktake_web.workshops.domain.sessions import SessionStateError, locked_session
from stocktake_web.workshops.models import (
    RoomScore,
    RoomScoreConflict,
    RoomScoreRevision,
    Session,
)

TEXT_MAX_LENGTH = 10_000
"""Longest evidence or note kept for one question."""

FIELDS: tuple[str, ...] = ("value", "evidence", "note")


@dataclass(frozen=True)
class RoomScoreContent:
    """What the screen proposes for a question: the level or value, evidence named, a note."""

    value: str = ""
    evidence: str = ""
    note: str = ""

    def proposed(self) -> dict[str, str]:
        return {
            "value": self.value.strip(),
            "evidence": self.evidence.strip(),
            "note": self.note.strip(),
        }


@dataclass(frozen=True)
class ScoreOutcome:
    """``saved`` is False only on a conflict; ``changed`` names the fields a save changed."""

    score: RoomScore
    saved: bool
    changed: tuple[str, ...] = ()
    conflict: RoomScoreConflict | None = None


def snapshot(score: RoomScore) -> dict[str, str]:
    return {"value": score.value, "evidence": score.evidence, "note": score.note}


def save_room_score(
    *,
    session: Session,
    indicator: str,
    by: User,
    base_version: int,
    content: RoomScoreContent,
) -> ScoreOutcome:
    """Save the room's ``content`` for ``indicator`` if nobody saved it since ``base_version``.

    Refused (:class:`WorkflowError`) before the session starts, once it is finished, when the
    round is signed off or archived, and when the value does not fit the question.
    """
    framework = session.round.framework.load()
    try:
        framework.indicator(indicator)
    except KeyError:
        raise WorkflowError(
            _("There is no indicator %(indicator)s in this round.") % {"indicator": indicator}
        ) from None
    if not 0 <= base_version <= VERSION_MAX:
        raise InvalidAnswerError(
            _("The page sent a version this score cannot have; reload the page and try again.")
        )
    proposed = content.proposed()
    if any(len(proposed[name]) > TEXT_MAX_LENGTH for name in ("evidence", "note")):
        raise InvalidAnswerError(
            _("The text is too long: at most %(count)s characters.") % {"count": TEXT_MAX_LENGTH}
        )
    check_value(framework, indicator, proposed["value"])
    with transaction.atomic():
        _require_scoring(locked_session(session))
        score, _created = RoomScore.objects.get_or_create(session=session, indicator=indicator)
        stored = snapshot(score)
        if proposed == stored:
            return ScoreOutcome(score, saved=True)
        if score.version != base_version:
            return _conflict(score, by, base_version, stored, proposed)
        return _write(session, score, by, stored, proposed)


def _require_scoring(session: Session) -> None:
    if session.state == Session.State.NOT_STARTED:
        raise SessionStateError(_("Start the workshop session before recording scores."))
    if session.is_finished:
        raise SessionStateError(_("This workshop session is finished and can no longer change."))


def _conflict(
    score: RoomScore, by: User, base_version: int, stored: dict[str, str], proposed: dict[str, str]
) -> ScoreOutcome:
    """Keep the refused content; the same content refused again is the same conflict."""
    for conflict in score.conflicts.filter(
        raised_by=by, resolution=RoomScoreConflict.Resolution.OPEN
    ):
        if conflict.proposed == proposed and conflict.stored_version == score.version:
            return ScoreOutcome(score, saved=False, conflict=conflict)
    conflict = RoomScoreConflict.objects.create(
        score=score,
        raised_by=by,
        base_version=base_version,
        stored_version=score.version,
        proposed=proposed,
        stored=stored,
    )
    return ScoreOutcome(score, saved=False, conflict=conflict)


def _write(
    session: Session, score: RoomScore, by: User, stored: dict[str, str], proposed: dict[str, str]
) -> ScoreOutcome:
    changed = tuple(name for name in FIELDS if proposed[name] != stored[name])
    now = timezone.now()
    score.value, score.evidence, score.note = (
        proposed["value"],
        proposed["evidence"],
        proposed["note"],
    )
    score.version += 1
    score.updated_by, score.updated_at = by, now
    if "value" in changed:
        _settle(session, score, by)
    score.save()
    RoomScoreRevision.objects.bulk_create(
        RoomScoreRevision(
            score=score,
            version=score.version,
            field=name,
            old=stored[name],
            new=proposed[name],
            changed_by=by,
            changed_at=now,
        )
        for name in changed
    )
    return ScoreOutcome(score, saved=True, changed=changed)


def workshop_reason(session: Session) -> str:
    """The reason kept with a reconciliation the room's score made: it names the source."""
    return _("Agreed by the room in the workshop session “%(title)s”.") % {"title": session.title}


def _settle(session: Session, score: RoomScore, by: User) -> None:
    """Make the room's value the round's reconciled answer for the question, or, when the room
    cleared its score, take back the reconciliation it made (one made since by the coordinator
    stays)."""
    round = session.round
    stored = Reconciliation.objects.filter(round=round, indicator=score.indicator).first()
    if not score.value:
        if stored is not None and stored.version == score.reconciliation_version:
            stored.delete()
        score.reconciliation_version = None
        return
    if stored is None:
        stored = Reconciliation(round=round, indicator=score.indicator, version=0)
    stored.value, stored.reason = score.value, workshop_reason(session)
    stored.version += 1
    stored.reconciled_by, stored.reconciled_at = by, timezone.now()
    stored.save()
    score.reconciliation_version = stored.version
    record_answer_reconciled(
        round=round, by=by, indicator=score.indicator, value=stored.value, reason=stored.reason
    )


def resolve_room_conflict(*, conflict: RoomScoreConflict, by: User, keep: str) -> ScoreOutcome:
    """Settle a refused save: ``keep="mine"`` saves it over the version it was compared with,
    ``keep="theirs"`` leaves the stored score. When the score was saved again since, "mine"
    becomes a new conflict against the newest version rather than overwriting it unseen.
    """
    if keep not in (RoomScoreConflict.Resolution.MINE, RoomScoreConflict.Resolution.THEIRS):
        raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
    score = conflict.score
    session = score.session
    with transaction.atomic():
        locked_session(session)
        locked = RoomScoreConflict.objects.select_for_update().get(pk=conflict.pk)
        if not locked.is_open:
            raise WorkflowError(_("This conflict is already settled."))
        outcome = ScoreOutcome(score, saved=True)
        if keep == RoomScoreConflict.Resolution.MINE:
            outcome = save_room_score(
                session=session,
                indicator=score.indicator,
                by=by,
                base_version=locked.stored_version,
                content=RoomScoreContent(**_content_of(locked.proposed)),
            )
        locked.resolution = keep if outcome.saved else RoomScoreConflict.Resolution.THEIRS
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["resolution", "resolved_at"])
    return outcome


def _content_of(data: dict[str, Any]) -> dict[str, str]:
    return {name: str(data.get(name, "")) for name in FIELDS}

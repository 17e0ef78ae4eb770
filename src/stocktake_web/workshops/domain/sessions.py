"""Opening a round's workshop session and moving it along: start, pause, resume, finish.

Every step locks the round's row and then the session's (the same order everywhere), reads the
state again and refuses with a sentence when the step no longer fits it: a double click, or a
second screen pressing the same button, changes nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round, refused_if_taken
from stocktake_web.assessments.domain.errors import RoundStateError, WorkflowError
from stocktake_web.assessments.models import Round
from stocktake_web.network.models import Department
from stocktake_web.workshops.models import PEOPLE_MAX, Attendance, Session

TITLE_MAX_LENGTH = 200
NAMES_MAX_LENGTH = 4000


class SessionStateError(WorkflowError):
    """The session is not in the state this step needs (e.g. it is finished)."""


def open_session(*, round: Round, title: str, language: str, by: User) -> Session:
    """Prepare the round's workshop session, not started yet: the facilitator records who is
    present and starts the clock when the room is ready.

    A round has one session; a second request (a double click) is refused with a sentence.
    The room's language is one of the interface's: the screen shows the questions, their
    levels and its own words in it.
    """
    title = title.strip()
    if not title:
        raise WorkflowError(_("A workshop session needs a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise WorkflowError(
            _("The title is too long: at most %(count)s characters.") % {"count": TITLE_MAX_LENGTH}
        )
    if language not in dict(settings.LANGUAGES):
        raise WorkflowError(_("Choose the language of the room."))
    exists = _("This round already has a workshop session.")
    with transaction.atomic():
        _require_changeable(locked_round(round))
        if Session.objects.filter(round=round).exists():
            raise WorkflowError(exists)
        first = round.framework.load().indicators()[0].id
        with refused_if_taken(exists):
            return Session.objects.create(
                round=round,
                title=title,
                language=language,
                facilitator=by,
                current_indicator=first,
            )


def _require_changeable(round: Round) -> None:
    if round.is_signed_off:
        raise RoundStateError(_("This round is signed off and can no longer change."))


def locked_session(session: Session) -> Session:
    """``session`` with its row read again and locked until the transaction ends, after its
    round's (refused when the round is archived or signed off); the same object is returned."""
    _require_changeable(locked_round(session.round))
    row = Session.objects.select_for_update().get(pk=session.pk)
    for name in ("state", "elapsed_seconds", "running_since", "current_indicator", "finished_at"):
        setattr(session, name, getattr(row, name))
    session.started_at = row.started_at
    return session


def require_not_finished(session: Session) -> None:
    if session.is_finished:
        raise SessionStateError(_("This workshop session is finished and can no longer change."))


def start_session(*, session: Session, by: User, now: datetime.datetime | None = None) -> Session:
    """Start the clock; refused once started."""
    with transaction.atomic():
        locked_session(session)
        if session.state != Session.State.NOT_STARTED:
            raise SessionStateError(_("The workshop session has already started."))
        moment = now or timezone.now()
        session.state, session.started_at, session.running_since = (
            Session.State.RUNNING,
            moment,
            moment,
        )
        session.save(update_fields=["state", "started_at", "running_since"])
    return session


def pause_session(*, session: Session, by: User, now: datetime.datetime | None = None) -> Session:
    """Stop the clock, keeping the time run so far."""
    with transaction.atomic():
        locked_session(session)
        if session.state != Session.State.RUNNING:
            raise SessionStateError(_("The workshop session is not running, so it cannot pause."))
        _stop_clock(session, now or timezone.now())
        session.state = Session.State.PAUSED
        session.save(update_fields=["state", "elapsed_seconds", "running_since"])
    return session


def resume_session(*, session: Session, by: User, now: datetime.datetime | None = None) -> Session:
    """Start the clock again from the time kept at the pause."""
    with transaction.atomic():
        locked_session(session)
        if session.state != Session.State.PAUSED:
            raise SessionStateError(_("The workshop session is not paused, so it cannot resume."))
        session.state, session.running_since = Session.State.RUNNING, now or timezone.now()
        session.save(update_fields=["state", "running_since"])
    return session


def finish_session(*, session: Session, by: User, now: datetime.datetime | None = None) -> Session:
    """End the session: its scores, attendance and dissent are read-only afterwards. The
    round's reconciled answers it wrote stay, and the coordinator signs the round off as usual.
    """
    with transaction.atomic():
        locked_session(session)
        require_not_finished(session)
        moment = now or timezone.now()
        _stop_clock(session, moment)
        session.state, session.finished_at = Session.State.FINISHED, moment
        session.save(update_fields=["state", "elapsed_seconds", "running_since", "finished_at"])
    return session


def _stop_clock(session: Session, now: datetime.datetime) -> None:
    session.elapsed_seconds = session.elapsed_at(now)
    session.running_since = None


def move_to_question(*, session: Session, indicator: str) -> Session:
    """Put ``indicator`` on the room's screen; a reload, or another screen, opens it there."""
    if indicator not in {item.id for item in session.round.framework.load().indicators()}:
        raise WorkflowError(
            _("There is no indicator %(indicator)s in this round.") % {"indicator": indicator}
        )
    with transaction.atomic():
        locked_session(session)
        require_not_finished(session)
        session.current_indicator = indicator
        session.save(update_fields=["current_indicator"])
    return session


@dataclass(frozen=True)
class Presence:
    """A department present in the room, with its number of people and their names."""

    department: Department
    people: int
    names: str = ""


def record_attendance(*, session: Session, present: Iterable[Presence]) -> list[Attendance]:
    """Set who is in the room: the departments listed, each with its people; a department left
    out is no longer counted present. Departments must be the round's city's."""
    rows = list(present)
    if any(row.department.city_id != session.round.city_id for row in rows):
        raise WorkflowError(_("Only the departments of the round's city can be present."))
    for row in rows:
        if not 1 <= row.people <= PEOPLE_MAX:
            raise WorkflowError(
                _("Give between 1 and %(most)s people for each department present.")
                % {"most": PEOPLE_MAX}
            )
        if len(row.names) > NAMES_MAX_LENGTH:
            raise WorkflowError(
                _("The names are too long: at most %(count)s characters.")
                % {"count": NAMES_MAX_LENGTH}
            )
    with transaction.atomic():
        locked_session(session)
        require_not_finished(session)
        wanted = {row.department.pk: row for row in rows}
        session.attendance.exclude(department_id__in=wanted).delete()
        for row in wanted.values():
            Attendance.objects.update_or_create(
                session=session,
                department=row.department,
                defaults={"people": row.people, "names": row.names.strip()},
            )
    return list(session.attendance.select_related("department"))

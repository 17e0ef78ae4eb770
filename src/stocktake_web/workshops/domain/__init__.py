"""Every state change of a workshop session, as verb phrases with keyword-only arguments."""

from stocktake_web.workshops.domain.dissent import record_dissent, withdraw_dissent
from stocktake_web.workshops.domain.scores import (
    RoomScoreContent,
    ScoreOutcome,
    resolve_room_conflict,
    save_room_score,
)
from stocktake_web.workshops.domain.sessions import (
    finish_session,
    move_to_question,
    open_session,
    pause_session,
    record_attendance,
    resume_session,
    start_session,
)

__all__ = [
    "RoomScoreContent",
    "ScoreOutcome",
    "finish_session",
    "move_to_question",
    "open_session",
    "pause_session",
    "record_attendance",
    "record_dissent",
    "resolve_room_conflict",
    "resume_session",
    "save_room_score",
    "start_session",
    "withdraw_dissent",
]

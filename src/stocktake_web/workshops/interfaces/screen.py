"""The room's screen for one question, and the session's results as the dashboard and the
report show them, in the active language (the room's, on the screen)."""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.frameworks import Framework, Indicator, MaturityIndicator
from stocktake_web.assessments.interfaces.indicators import (
    answer_choices,
    band_rows,
    unit_of,
    value_label,
)
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.languages import localised
from stocktake_web.workshops.domain.lookups import (
    attendance_of,
    department_answers,
    dissent_of,
    latest_changes_of,
    open_conflicts_of,
    reconciled_versions,
    scores_of,
    session_of_round,
)
from stocktake_web.workshops.domain.scores import FIELDS
from stocktake_web.workshops.models import (
    Attendance,
    Dissent,
    RoomScore,
    RoomScoreRevision,
    Session,
)

KEYS = "0123456789"


@dataclass(frozen=True)
class Level:
    """One level or option the room can choose, with the key that chooses it on the screen."""

    value: str
    label: str
    descriptor: str
    key: str


def levels_of(indicator: Indicator) -> list[Level]:
    """A maturity level's key is its own number (0–9); other options are keyed 1, 2, 3…"""
    choices = answer_choices(indicator) or []
    own = isinstance(indicator, MaturityIndicator) and all(
        choice.value in KEYS for choice in choices
    )
    return [
        Level(
            choice.value,
            choice.label,
            choice.descriptor,
            choice.value if own else (KEYS[n + 1] if n + 1 < len(KEYS) else ""),
        )
        for n, choice in enumerate(choices)
    ]


@dataclass(frozen=True)
class GivenAnswer:
    """A department's own answer to the question, given before (or beside) the session."""

    department: str
    label: str
    evidence: str


def given_answers(indicator: Indicator, answers: list[Answer]) -> list[GivenAnswer]:
    return [
        GivenAnswer(
            localised(answer.assignment.department.name),
            value_label(indicator, answer.value),
            answer.evidence,
        )
        for answer in answers
    ]


def clock(seconds: int) -> str:
    """``1:05:09``: hours, minutes and seconds, as a timer reads."""
    minutes, second = divmod(max(0, seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"


@dataclass(frozen=True)
class Presence:
    """The room as counted: departments present and people in all."""

    rows: list[Attendance]

    @property
    def departments(self) -> int:
        return len(self.rows)

    @property
    def people(self) -> int:
        return sum(row.people for row in self.rows)


@dataclass(frozen=True)
class ChangeLine:
    version: int
    field: str
    old: str
    new: str
    who: str


def change_lines(indicator: Indicator, changes: list[RoomScoreRevision]) -> list[ChangeLine]:
    return [
        ChangeLine(
            change.version,
            str(change.get_field_display()),
            value_label(indicator, change.old) if change.field == "value" else change.old,
            value_label(indicator, change.new) if change.field == "value" else change.new,
            change.changed_by.get_username() if change.changed_by else "",
        )
        for change in changes
    ]


def screen_context(
    session: Session, framework: Framework, indicator: Indicator
) -> dict[str, object]:
    """What the room sees of one question: its texts and levels, the room's score with its
    history and any refused save, the departments' own answers, dissent, and where the
    session stands (position, progress, clock, who is present)."""
    order = [item.id for item in framework.indicators()]
    position = order.index(indicator.id)
    scores = scores_of(session)
    score = scores.get(indicator.id)
    presence = Presence(attendance_of(session))
    return {
        "session": session,
        "round": session.round,
        "city": session.round.city,
        "framework": framework,
        "indicator": indicator,
        "groups": framework.group_path(indicator.id),
        "levels": levels_of(indicator),
        "unit": unit_of(indicator),
        "bands": band_rows(indicator),
        "score": score,
        "score_label": value_label(indicator, score.value) if score else "",
        "given": given_answers(
            indicator, department_answers(session.round, indicator.id).get(indicator.id, [])
        ),
        "dissent": dissent_of(session, indicator.id),
        "presence": presence,
        "position": position + 1,
        "total": len(order),
        "scored": sum(1 for item in scores.values() if item.is_scored),
        "previous": order[position - 1] if position > 0 else None,
        "next": order[position + 1] if position + 1 < len(order) else None,
        "elapsed": session.elapsed_at(),
        "clock": clock(session.elapsed_at()),
        "conflicts": [
            conflict_rows(indicator, conflict.stored, conflict.proposed) | {"conflict": conflict}
            for conflict in open_conflicts_of(score)
        ],
        "changes": change_lines(indicator, latest_changes_of(score)),
    }


def conflict_rows(
    indicator: Indicator, stored: dict[str, str], proposed: dict[str, str]
) -> dict[str, object]:
    labels = dict(RoomScoreRevision.Field.choices)
    rows = []
    for name in FIELDS:
        shown = [str(side.get(name, "")) for side in (stored, proposed)]
        if name == "value":
            shown = [value_label(indicator, text) for text in shown]
        rows.append({"label": labels[name], "stored": shown[0], "proposed": shown[1]})
    return {"rows": rows}


@dataclass(frozen=True)
class ResultRow:
    """One question the room scored or dissented on, as the dashboard and report list it."""

    indicator: str
    title: str
    room: str
    evidence: str
    note: str
    given: list[GivenAnswer]
    dissent: list[Dissent]
    counts: bool
    """The room's score is the round's answer (the coordinator has not reconciled it since)."""


@dataclass(frozen=True)
class WorkshopResults:
    session: Session
    presence: Presence
    clock: str
    scored: int
    total: int
    rows: list[ResultRow]

    @property
    def dissent(self) -> list[tuple[ResultRow, Dissent]]:
        return [(row, view) for row in self.rows for view in row.dissent]


def workshop_results(round: Round) -> WorkshopResults | None:
    """The round's session as its results read: who was there, each question the room scored
    or dissented on beside the departments' own answers; None without a session."""
    session = session_of_round(round)
    if session is None:
        return None
    framework = round.framework.load()
    scores = scores_of(session)
    dissent: dict[str, list[Dissent]] = {}
    for view in dissent_of(session):
        dissent.setdefault(view.indicator, []).append(view)
    given = department_answers(round)
    versions = reconciled_versions(round)
    rows = []
    for indicator in framework.indicators():
        score = scores.get(indicator.id)
        if not (score and score.is_scored) and indicator.id not in dissent:
            continue
        rows.append(_result_row(indicator, score, given, dissent, versions))
    return WorkshopResults(
        session=session,
        presence=Presence(attendance_of(session)),
        clock=clock(session.elapsed_at()),
        scored=sum(1 for score in scores.values() if score.is_scored),
        total=len(framework.indicators()),
        rows=rows,
    )


def _result_row(
    indicator: Indicator,
    score: RoomScore | None,
    given: dict[str, list[Answer]],
    dissent: dict[str, list[Dissent]],
    versions: dict[str, int],
) -> ResultRow:
    return ResultRow(
        indicator=indicator.id,
        title=localised(indicator.title),
        room=value_label(indicator, score.value) if score else "",
        evidence=score.evidence if score else "",
        note=score.note if score else "",
        given=given_answers(indicator, given.get(indicator.id, [])),
        dissent=dissent.get(indicator.id, []),
        counts=score is not None
        and score.is_scored
        and versions.get(indicator.id) == score.reconciliation_version,
    )

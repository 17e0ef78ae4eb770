"""Saving many answers at once, with the same checks and records as saving each.

The demonstration network's respondents give tens of thousands of answers: saved one at a time,
at five queries each, a thousand cities took minutes. A batch takes six queries, however many
answers it holds, and ends as :func:`~stocktake_web.assessments.domain.answers.save_answer`
would end for each: versions bumped, one revision per changed field, support kinds replaced,
and a conflict kept for an answer that moved on since its edit started.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.answers import (
    CONTENT_FIELDS,
    AnswerContent,
    SaveOutcome,
    _as_text,
    _conflict,
    _proposed,
    check_editable,
    check_value,
    snapshot,
)
from stocktake_web.assessments.models import (
    Answer,
    AnswerRevision,
    AnswerSupport,
    DepartmentSubmission,
)

# The columns a save writes besides the evidence file's, by field name.
_WRITTEN = frozenset(
    {"value", "evidence", "link", "confidence", "importance", "comment", "version"}
    | {"updated_by", "updated_at"}
)


@dataclass(frozen=True)
class AnswerEdit:
    """One answer of a batch for :func:`save_answers`, with the version its edit started from."""

    answer: Answer
    base_version: int
    content: AnswerContent


@dataclass(frozen=True)
class _Accepted:
    row: Answer
    content: AnswerContent
    stored: dict[str, Any]
    proposed: dict[str, Any]

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(name for name in CONTENT_FIELDS if self.proposed[name] != self.stored[name])


def save_answers(*, user: User, edits: Sequence[AnswerEdit]) -> list[SaveOutcome]:
    """Save a batch of answers by ``user``, each as ``save_answer`` would save it alone.

    The rows are locked until the batch is written. Every answer passes the same checks (round
    open, department not submitted, value fitting the indicator), and an error about any one
    saves none. Evidence files are not taken here (save those one at a time), nor two edits of
    one answer. Returns the outcomes in the order of ``edits``.
    """
    if not edits:
        return []
    if any(edit.content.file is not None or edit.content.remove_file for edit in edits):
        raise ValueError("save_answers takes no evidence files: save those with save_answer")
    if len({edit.answer.pk for edit in edits}) < len(edits):
        raise ValueError("a batch holds each answer once: merge the edits of one answer first")
    with transaction.atomic():
        rows = _locked_rows([edit.answer.pk for edit in edits])
        outcomes: list[SaveOutcome] = []
        accepted: list[_Accepted] = []
        for edit in edits:
            current = rows.get(edit.answer.pk)
            if current is None:
                raise Answer.DoesNotExist(f"Answer {edit.answer.pk} no longer exists.")
            check_editable(current)
            framework = current.assignment.round.framework.load()
            check_value(framework, current.assignment.indicator, edit.content.value)
            stored = snapshot(current)
            proposed = _proposed(stored, edit.content)
            if proposed == stored:
                outcomes.append(SaveOutcome(current, saved=True))
            elif current.version != edit.base_version:
                outcomes.append(_conflict(current, user, edit.base_version, stored, proposed))
            else:
                accepted.append(_Accepted(current, edit.content, stored, proposed))
                outcomes.append(SaveOutcome(current, saved=True, changed=accepted[-1].changed))
        _write(user, accepted)
    return outcomes


def _locked_rows(ids: list[int]) -> dict[int, Answer]:
    """The answers of these ids, locked, with their support kinds, round, framework version
    (its definition is kept in memory) and department; each one's ``department_submitted``
    is read for the whole batch in one query, where ``check_editable`` would ask per answer."""
    rows = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("assignment__round__framework", "assignment__department")
        .defer("assignment__round__framework__definition")
        .prefetch_related("support")
        .in_bulk(ids)
    )
    places = {(row.assignment.round_id, row.assignment.department_id) for row in rows.values()}
    submitted = set(
        DepartmentSubmission.objects.filter(
            round_id__in={round_id for round_id, _dept in places},
            department_id__in={dept_id for _round, dept_id in places},
        ).values_list("round_id", "department_id")
    )
    for row in rows.values():
        key = (row.assignment.round_id, row.assignment.department_id)
        row.department_submitted = key in submitted  # type: ignore[attr-defined]
    return rows


def _write(user: User, accepted: list[_Accepted]) -> None:
    """Write the accepted rows, their revisions and their support kinds (four queries)."""
    now = timezone.now()
    revisions: list[AnswerRevision] = []
    for item in accepted:
        row, proposed = item.row, item.proposed
        revisions += [
            AnswerRevision(
                answer=row,
                version=row.version + 1,
                field=name,
                old=_as_text(item.stored[name]),
                new=_as_text(proposed[name]),
                changed_by=user,
                changed_at=now,
            )
            for name in item.changed
        ]
        for name in ("value", "evidence", "link", "confidence", "comment"):
            setattr(row, name, proposed[name])
        row.importance = item.content.importance
        row.version += 1
        row.updated_by = user
        row.updated_at = now
    _update_rows([item.row for item in accepted])
    _replace_support(accepted)
    AnswerRevision.objects.bulk_create(revisions, batch_size=1000)


def _update_rows(rows: list[Answer]) -> None:
    """Store the rows' written fields: one statement run once per row (``executemany``), since
    Django's ``bulk_update`` builds a CASE expression per row and field, which cost more than
    everything else in the batch."""
    if not rows:
        return
    fields = [field for field in Answer._meta.concrete_fields if field.name in _WRITTEN]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    table = quote(Answer._meta.db_table)
    statement = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"
    values = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, values)


def _replace_support(accepted: list[_Accepted]) -> None:
    """Each answer's support kinds as proposed: one delete of every kind dropped, one insert of
    every kind added."""
    dropped: list[Q] = []
    added: list[AnswerSupport] = []
    for item in accepted:
        old, new = set(item.stored["support"]), set(item.proposed["support"])
        if old - new:
            dropped.append(Q(answer=item.row, kind__in=old - new))
        added += [AnswerSupport(answer=item.row, kind=kind) for kind in sorted(new - old)]
    if dropped:
        AnswerSupport.objects.filter(functools.reduce(operator.or_, dropped)).delete()
    AnswerSupport.objects.bulk_create(added, batch_size=1000)

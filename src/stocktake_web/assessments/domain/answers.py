"""Saving a department's answer: versioned, never silently overwritten, every change recorded.

An editor sends the version its edit started from. When the answer has moved on since, the save
is refused and a :class:`Conflict` keeps both versions for the people involved to settle; when the
edit matches what is stored already there is nothing to settle. A save that goes through bumps
the version and writes one :class:`AnswerRevision` row per changed field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake.answers import indicator_points
from stocktake.errors import AnswerError
from stocktake.frameworks import Framework
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.errors import (
    DepartmentSubmittedError,
    InvalidAnswerError,
    RoundStateError,
)
from stocktake_web.assessments.domain.evidence import evidence_type
from stocktake_web.assessments.models import (
    VALUE_MAX_LENGTH,
    Answer,
    AnswerRevision,
    AnswerSupport,
    Conflict,
    DepartmentSubmission,
)

#: the fields of an answer's content, in the order history shows them
CONTENT_FIELDS: tuple[str, ...] = (
    "value",
    "evidence",
    "link",
    "file",
    "confidence",
    "importance",
    "support",
    "comment",
)


@dataclass(frozen=True)
class AnswerContent:
    """What an editor proposes for an answer. ``file`` None keeps the stored file."""

    value: str = ""
    evidence: str = ""
    link: str = ""
    confidence: str = ""
    importance: int | None = None
    support: frozenset[str] = frozenset()
    comment: str = ""
    file: UploadedFile | None = None
    remove_file: bool = False

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> AnswerContent:
        """Content from a stored snapshot (a conflict's refused version); files stay as stored."""
        importance = data.get("importance") or ""
        return cls(
            value=data.get("value", ""),
            evidence=data.get("evidence", ""),
            link=data.get("link", ""),
            confidence=data.get("confidence", ""),
            importance=int(importance) if importance else None,
            support=frozenset(data.get("support", [])),
            comment=data.get("comment", ""),
        )


@dataclass(frozen=True)
class SaveOutcome:
    """``saved`` is False only on a conflict; ``changed`` names the fields a save changed."""

    answer: Answer
    saved: bool
    changed: tuple[str, ...] = ()
    conflict: Conflict | None = field(default=None)


def snapshot(answer: Answer, support: list[str] | None = None) -> dict[str, Any]:
    """An answer's content as plain text per field, as history and conflicts record it."""
    kinds = support if support is not None else [row.kind for row in answer.support.all()]
    return {
        "value": answer.value,
        "evidence": answer.evidence,
        "link": answer.link,
        "file": answer.file_name,
        "confidence": answer.confidence,
        "importance": str(answer.importance) if answer.importance else "",
        "support": sorted(kinds),
        "comment": answer.comment,
    }


def _proposed(stored: dict[str, Any], content: AnswerContent) -> dict[str, Any]:
    file_name = stored["file"]
    if content.file is not None:
        file_name = content.file.name or ""
    elif content.remove_file:
        file_name = ""
    return {
        "value": content.value.strip(),
        "evidence": content.evidence.strip(),
        "link": content.link.strip(),
        "file": file_name,
        "confidence": content.confidence,
        "importance": str(content.importance) if content.importance else "",
        "support": sorted(content.support),
        "comment": content.comment.strip(),
    }


def check_value(framework: Framework, indicator_id: str, value: str) -> None:
    """Refuse a value that does not fit the indicator, using the core's own reading of it."""
    if not value.strip():
        return
    if len(value.strip()) > VALUE_MAX_LENGTH:
        raise InvalidAnswerError(_("The answer is too long for this indicator."))
    try:
        indicator_points(framework.indicator(indicator_id), value.strip())
    except AnswerError:
        raise InvalidAnswerError(
            _("The answer “%(value)s” does not fit this indicator.") % {"value": value}
        ) from None


def check_editable(answer: Answer) -> None:
    """Answers change only while the round is open and the department has not submitted."""
    assignment = answer.assignment
    if not assignment.round.is_open:
        raise RoundStateError(_("This round is no longer open for answers."))
    # save_answer reads whether the department submitted with the answer itself (one query
    # fewer); every other caller asks here.
    submitted: bool | None = getattr(answer, "department_submitted", None)
    if submitted is None:
        submitted = _submission(answer).exists()
    if submitted:
        raise DepartmentSubmittedError(
            _("Your department has submitted its answers; ask the coordinator to reopen them.")
        )


def _submission(answer: Answer) -> QuerySet[DepartmentSubmission]:
    assignment = answer.assignment
    return DepartmentSubmission.objects.filter(
        round_id=assignment.round_id, department_id=assignment.department_id
    )


def save_answer(
    *, answer: Answer, user: User, base_version: int, content: AnswerContent
) -> SaveOutcome:
    """Save ``content`` over ``answer`` if nobody saved since ``base_version``.

    Returns the outcome: saved (possibly with nothing changed) or a conflict holding both
    versions. Raises a :class:`WorkflowError` when the round or department no longer accepts
    answers, or the value or file does not fit.
    """
    with transaction.atomic():
        current = (
            Answer.objects.select_related("assignment__round__framework", "assignment__department")
            .defer("assignment__round__framework__definition")
            .annotate(
                department_submitted=Exists(
                    DepartmentSubmission.objects.filter(
                        round_id=OuterRef("assignment__round_id"),
                        department_id=OuterRef("assignment__department_id"),
                    )
                )
            )
            .get(pk=answer.pk)
        )
        check_editable(current)
        framework = current.assignment.round.framework.load()
        check_value(framework, current.assignment.indicator, content.value)
        file_type = evidence_type(content.file) if content.file is not None else None
        stored = snapshot(current)
        proposed = _proposed(stored, content)
        if proposed == stored:
            return SaveOutcome(current, saved=True)
        if current.version != base_version:
            return _conflict(current, user, base_version, stored, proposed)
        return _write(current, user, content, stored, proposed, file_type)


def _conflict(
    current: Answer,
    user: User,
    base_version: int,
    stored: dict[str, Any],
    proposed: dict[str, Any],
) -> SaveOutcome:
    conflict = Conflict.objects.create(
        answer=current,
        raised_by=user,
        base_version=base_version,
        stored_version=current.version,
        proposed=proposed,
        stored=stored,
    )
    return SaveOutcome(current, saved=False, conflict=conflict)


def _write(
    current: Answer,
    user: User,
    content: AnswerContent,
    stored: dict[str, Any],
    proposed: dict[str, Any],
    file_type: str | None,
) -> SaveOutcome:
    base_version = current.version
    changed = tuple(name for name in CONTENT_FIELDS if proposed[name] != stored[name])
    now = timezone.now()
    updates: dict[str, Any] = {
        "value": proposed["value"],
        "evidence": proposed["evidence"],
        "link": proposed["link"],
        "confidence": proposed["confidence"],
        "importance": content.importance,
        "comment": proposed["comment"],
        "version": base_version + 1,
        "updated_by": user,
        "updated_at": now,
    }
    updates.update(_file_fields(current, content, file_type))
    won = Answer.objects.filter(pk=current.pk, version=base_version).update(**updates)
    if not won:  # another save slipped in between our read and our write
        if content.file is not None:
            current.file.storage.delete(updates["file"])
        current.refresh_from_db()
        return _conflict(current, user, base_version, snapshot(current), proposed)
    _replace_support(current, stored["support"], proposed["support"])
    AnswerRevision.objects.bulk_create(
        AnswerRevision(
            answer=current,
            version=base_version + 1,
            field=name,
            old=_as_text(stored[name]),
            new=_as_text(proposed[name]),
            changed_by=user,
            changed_at=now,
        )
        for name in changed
    )
    # The row now holds exactly ``updates``: set them rather than read the row again, which
    # would also forget the assignment, round and department already loaded.
    for name, value in updates.items():
        setattr(current, name, value)
    return SaveOutcome(current, saved=True, changed=changed)


def _file_fields(current: Answer, content: AnswerContent, file_type: str | None) -> dict[str, Any]:
    if content.file is not None:
        name = current.file.field.generate_filename(current, content.file.name or "evidence")
        stored_name = current.file.storage.save(name, content.file)
        return {
            "file": stored_name,
            "file_name": content.file.name or "",
            "file_size": content.file.size,
            "file_type": file_type or "",
        }
    if content.remove_file:
        return {"file": "", "file_name": "", "file_size": None, "file_type": ""}
    return {}


def _replace_support(answer: Answer, old: list[str], new: list[str]) -> None:
    removed = set(old) - set(new)
    if removed:
        AnswerSupport.objects.filter(answer=answer, kind__in=removed).delete()
    AnswerSupport.objects.bulk_create(
        AnswerSupport(answer=answer, kind=kind) for kind in sorted(set(new) - set(old))
    )


def _as_text(value: Any) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def resolve_conflict(*, conflict: Conflict, by: User, keep: str) -> SaveOutcome:
    """Settle a conflict: ``keep="mine"`` saves the refused version over the stored one,
    ``keep="theirs"`` leaves the stored one. Either way the conflict is marked resolved.
    """
    if keep not in (Conflict.Resolution.MINE, Conflict.Resolution.THEIRS):
        raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
    with transaction.atomic():
        answer = Answer.objects.select_for_update().get(pk=conflict.answer_id)
        outcome = SaveOutcome(answer, saved=True)
        if keep == Conflict.Resolution.MINE:
            content = AnswerContent.from_snapshot(conflict.proposed)
            outcome = save_answer(
                answer=answer, user=by, base_version=answer.version, content=content
            )
        conflict.resolution = keep
        conflict.resolved_by = by
        conflict.resolved_at = timezone.now()
        conflict.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return outcome

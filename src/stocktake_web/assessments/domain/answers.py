"""Saving a department's answer: versioned, never silently overwritten, every change recorded.

An editor sends the version its edit started from. When the answer has moved on since, the save
is refused and a :class:`Conflict` keeps both versions for the people involved to settle; when the
edit matches what is stored already there is nothing to settle. A save that goes through bumps
the version and writes one :class:`AnswerRevision` row per changed field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
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
    WorkflowError,
)
from stocktake_web.assessments.domain.evidence import evidence_type, files_removed_on_failure
from stocktake_web.assessments.domain.values import refused_value_sentence
from stocktake_web.assessments.models import (
    EVIDENCE_PATH_MAX_LENGTH,
    FILE_NAME_MAX_LENGTH,
    VALUE_MAX_LENGTH,
    VERSION_MAX,
    Answer,
    AnswerRevision,
    AnswerSupport,
    Conflict,
    DepartmentSubmission,
    shortened_file_name,
)
from stocktake_web.reviews.models import RevisionRequest

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
    """What an editor proposes for an answer. ``file`` None keeps the stored file.

    ``file_name`` is the file's name as its owner gave it, when the upload carries a shortened
    one (Django keeps 255 characters of a name); empty, the upload's own name is used.
    """

    value: str = ""
    evidence: str = ""
    link: str = ""
    confidence: str = ""
    importance: int | None = None
    support: frozenset[str] = frozenset()
    comment: str = ""
    file: UploadedFile | None = None
    file_name: str = ""
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


def kept_file_name(content: AnswerContent) -> str:
    """The name an uploaded evidence file is kept and shown under: the name its owner gave it
    (its last part, at most :data:`FILE_NAME_MAX_LENGTH` characters), or the upload's own name
    when the two do not end in the same extension."""
    assert content.file is not None
    uploaded = content.file.name or "evidence"
    given = content.file_name or uploaded
    if PurePath(given).suffix.lower() != PurePath(uploaded).suffix.lower():
        given = uploaded
    return shortened_file_name(given, max_chars=FILE_NAME_MAX_LENGTH)


def _proposed(stored: dict[str, Any], content: AnswerContent) -> dict[str, Any]:
    file_name = stored["file"]
    if content.file is not None:
        file_name = kept_file_name(content)
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
    indicator = framework.indicator(indicator_id)
    try:
        indicator_points(indicator, value.strip())
    except AnswerError as error:
        raise InvalidAnswerError(refused_value_sentence(indicator, value, error)) from None


def check_editable(answer: Answer) -> None:
    """Answers change only while the round is open and the department has not submitted, or,
    until sign-off, while the coordinator's request to revise this one answer is open (see
    ``stocktake_web.reviews``): the request reopens that answer, and no other."""
    assignment = answer.assignment
    if assignment.round.is_open and not _department_submitted(answer):
        return
    if not assignment.round.is_signed_off and RevisionRequest.objects.is_open_on(answer.pk):
        return
    if not assignment.round.is_open:
        raise RoundStateError(_("This round is no longer open for answers."))
    raise DepartmentSubmittedError(
        _("Your department has submitted its answers; ask the coordinator to reopen them.")
    )


def _department_submitted(answer: Answer) -> bool:
    # save_answer reads whether the department submitted with the answer itself (one query
    # fewer); every other caller asks here.
    submitted: bool | None = getattr(answer, "department_submitted", None)
    if submitted is None:
        submitted = _submission(answer).exists()
    return submitted


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
    answers, or the value, version or file does not fit. The answer's row is locked while
    saving, so saves of one answer go one after the other; an evidence file stored for a save
    that then fails (whatever the reason) is deleted again.
    """
    if not 0 <= base_version <= VERSION_MAX:
        raise InvalidAnswerError(
            _("The page sent a version this answer cannot have; reload the page and try again.")
        )
    with files_removed_on_failure() as stored_files, transaction.atomic():
        current = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("assignment__round__framework", "assignment__department")
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
        if proposed == stored and content.file is None:
            return SaveOutcome(current, saved=True)
        if current.version != base_version:
            return _conflict(current, user, base_version, stored, proposed)
        return _write(current, user, content, stored, proposed, file_type, stored_files)


def _conflict(
    current: Answer,
    user: User,
    base_version: int,
    stored: dict[str, Any],
    proposed: dict[str, Any],
) -> SaveOutcome:
    """Keep a refused save as a conflict. A person has at most one open conflict on an answer:
    the same refused content against the same stored version is that conflict again, and other
    content replaces it (the replaced one is kept, marked superseded), so a page left open and
    saving stale content again and again adds nothing to settle."""
    earlier = list(current.conflicts.filter(raised_by=user, resolution=Conflict.Resolution.OPEN))
    for conflict in earlier:
        if conflict.proposed == proposed and conflict.stored_version == current.version:
            return SaveOutcome(current, saved=False, conflict=conflict)
    now = timezone.now()
    Conflict.objects.filter(pk__in=[conflict.pk for conflict in earlier]).update(
        resolution=Conflict.Resolution.SUPERSEDED, resolved_by=user, resolved_at=now
    )
    conflict = Conflict.objects.create(
        answer=current,
        raised_by=user,
        raised_at=now,
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
    stored_files: list[str],
) -> SaveOutcome:
    base_version = current.version
    changed = tuple(
        name
        for name in CONTENT_FIELDS
        if proposed[name] != stored[name] or (name == "file" and content.file is not None)
    )
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
    updates.update(_file_fields(current, content, file_type, stored_files))
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


def _file_fields(
    current: Answer, content: AnswerContent, file_type: str | None, stored_files: list[str]
) -> dict[str, Any]:
    """The file's columns for the save; a new file is stored here, and its stored name added to
    ``stored_files`` so that it is deleted again if the save fails."""
    if content.file is not None:
        name = kept_file_name(content)
        path = current.file.field.generate_filename(current, name)
        stored_name = current.file.storage.save(
            path, content.file, max_length=EVIDENCE_PATH_MAX_LENGTH
        )
        stored_files.append(stored_name)
        return {
            "file": stored_name,
            "file_name": name,
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

    "mine" is applied only over the version it was compared with. When the answer was saved
    again since, applying it would overwrite that later save unseen: instead a new conflict
    holds the refused version against the newest one (the outcome carries it) and this one is
    marked superseded. Raises :class:`WorkflowError` when the conflict is settled already (a
    second click, or someone else at the same moment).
    """
    if keep not in (Conflict.Resolution.MINE, Conflict.Resolution.THEIRS):
        raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
    with transaction.atomic():
        answer = Answer.objects.select_for_update().get(pk=conflict.answer_id)
        locked = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if not locked.is_open:
            raise WorkflowError(_("This conflict is already settled."))
        outcome = SaveOutcome(answer, saved=True)
        if keep == Conflict.Resolution.MINE:
            outcome = save_answer(
                answer=answer,
                user=by,
                base_version=locked.stored_version,
                content=AnswerContent.from_snapshot(locked.proposed),
            )
        Conflict.objects.filter(pk=locked.pk, resolution=Conflict.Resolution.OPEN).update(
            resolution=keep if outcome.saved else Conflict.Resolution.SUPERSEDED,
            resolved_by=by,
            resolved_at=timezone.now(),
        )
    conflict.refresh_from_db(fields=["resolution", "resolved_by", "resolved_at"])
    return outcome

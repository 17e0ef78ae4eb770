"""Importing KoboToolbox or ODK submissions to a framework's XLSForm into a round.

The core reads the export (:func:`stocktake.io.submissions.read_submissions`); here each new
submission's answers are saved through the assessments domain
(:func:`~stocktake_web.assessments.domain.batches.save_answers`), with the same checks, history
and conflicts as answers typed on the site. The import is all or nothing: one row that does not
fit saves no row, and every such row is listed. A submission's ``_uuid`` is remembered, so that
importing the same export again changes nothing; a submission made before the answer last
changed on the site is stale, and is kept as a conflict for the coordinator to settle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from stocktake.answers import Answer as CoreAnswer
from stocktake.errors import AnswerError
from stocktake.io.answers import written_value
from stocktake.io.submissions import Submission, SubmissionsError, read_submissions
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.answers import AnswerContent, snapshot
from stocktake_web.assessments.domain.batches import AnswerEdit, save_answers
from stocktake_web.assessments.domain.errors import WorkflowError
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.exchange.domain.provenance import record_import
from stocktake_web.exchange.models import AnswerImport, ImportedSubmission
from stocktake_web.file_problems_in_words import located
from stocktake_web.network.models import Department

SUFFIXES = (".csv", ".xlsx")


class SubmissionImportError(WorkflowError):
    """The export cannot be imported; ``problems`` lists each row's reason (translated where
    the web layer words it, as the core wrote it otherwise)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class SubmissionImport:
    """What an import did: submissions taken and skipped, answers changed, conflicts kept."""

    imported: int = 0
    already_imported: int = 0
    answers_changed: int = 0
    conflicts: int = 0
    uuids: list[str] = field(default_factory=list)


def import_submissions(
    *,
    round: Round,
    user: User,
    upload: IO[bytes],
    filename: str,
    department: Department | None = None,
    department_column: str = "",
) -> SubmissionImport:
    """Import an export of submissions into ``round`` as ``user`` (the round's coordinator).

    Each submission answers for ``department``, or for the department named in its
    ``department_column``. Raises :class:`SubmissionImportError` listing every row that does
    not fit, and a :class:`WorkflowError` when the round no longer takes answers.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise SubmissionImportError(
            _("Export the submissions as CSV or XLSX; this file is neither.")
        )
    framework = round.framework.load()
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            copy.write(chunk)
        copy.flush()
        try:
            submissions = read_submissions(
                copy.name,
                framework=framework,
                department=department.slug if department is not None else "",
                department_column=department_column or None,
                city=round.city.slug,
            )
        except SubmissionsError as error:
            raise SubmissionImportError(
                _("No submission was imported: correct these rows and import the file again."),
                [_without_path(problem, copy.name) for problem in error.problems],
            ) from None
        except AnswerError as error:
            problem = located(error) if error.code else _without_path(error, copy.name)
            raise SubmissionImportError(problem) from None
    return _save(round, user, submissions, filename)


def _without_path(error: AnswerError, path: str) -> str:
    """The core names the file it read: here, a temporary copy the person never saw."""
    return str(error).removeprefix(path).removeprefix(", ").removeprefix(": ")


def _save(
    round: Round, user: User, submissions: list[Submission], filename: str
) -> SubmissionImport:
    if submissions and not any(submission.department for submission in submissions):
        raise SubmissionImportError(
            _("Choose the department the submissions answer for, or the column naming it.")
        )
    try:
        with transaction.atomic():
            done = set(
                ImportedSubmission.objects.filter(
                    round=round, uuid__in=[s.uuid for s in submissions if s.uuid]
                ).values_list("uuid", flat=True)
            )
            new = [s for s in submissions if not (s.uuid and s.uuid in done)]
            edits, places = _edits(round, new)
            outcomes = save_answers(user=user, edits=edits)
            record_import(
                round=round,
                kind=AnswerImport.Kind.SUBMISSIONS,
                file_name=filename,
                user=user,
                outcomes=outcomes,
            )
            ImportedSubmission.objects.bulk_create(
                ImportedSubmission(
                    round=round,
                    uuid=submission.uuid,
                    department=places[submission.department],
                    submitted_at=submission.submitted_at,
                    imported_by=user,
                )
                for submission in new
                if submission.uuid
            )
    except IntegrityError:
        raise SubmissionImportError(
            _("These submissions were being imported at the same moment; reload the page.")
        ) from None
    return SubmissionImport(
        imported=len(new),
        already_imported=len(submissions) - len(new),
        answers_changed=sum(1 for outcome in outcomes if outcome.saved and outcome.changed),
        conflicts=sum(1 for outcome in outcomes if not outcome.saved),
        uuids=[submission.uuid for submission in new],
    )


def _edits(
    round: Round, submissions: list[Submission]
) -> tuple[list[AnswerEdit], dict[str, Department]]:
    """One edit per answer of the new submissions; rows that cannot be placed are listed."""
    slugs = {submission.department for submission in submissions}
    places = {d.slug: d for d in Department.objects.filter(city_id=round.city_id, slug__in=slugs)}
    rows = {
        (row.assignment.department.slug, row.assignment.indicator): row
        for row in Answer.objects.filter(
            assignment__round=round, assignment__department__slug__in=slugs
        )
        .select_related("assignment__department")
        .prefetch_related("support")
    }
    problems: list[str] = []
    edits: list[AnswerEdit] = []
    first_row: dict[int, int] = {}
    for submission in submissions:
        if submission.department not in places:
            problems.append(
                _("Row %(row)d: the city has no department '%(department)s'.")
                % {"row": submission.row, "department": submission.department}
            )
            continue
        for answer in submission.answers:
            row = rows.get((submission.department, answer.indicator))
            if row is None:
                problems.append(
                    _("Row %(row)d: %(indicator)s is not assigned to %(department)s in this round.")
                    % {
                        "row": submission.row,
                        "indicator": answer.indicator,
                        "department": submission.department,
                    }
                )
                continue
            if row.pk in first_row:
                problems.append(
                    _("Row %(row)d answers %(indicator)s for %(department)s as row %(first)d does.")
                    % {
                        "row": submission.row,
                        "indicator": answer.indicator,
                        "department": submission.department,
                        "first": first_row[row.pk],
                    }
                )
                continue
            first_row[row.pk] = submission.row
            edits.append(_edit(row, answer, submission))
    if problems:
        raise SubmissionImportError(
            _("No submission was imported: correct these rows and import the file again."),
            problems,
        )
    return edits, places


def _edit(row: Answer, answer: CoreAnswer, submission: Submission) -> AnswerEdit:
    """The stored answer with the submission's value, evidence and confidence over it.

    A submission made before the answer's last change on the site was answered without
    seeing it: its base is the version before, so the save keeps it as a conflict.
    """
    stored = AnswerContent.from_snapshot(snapshot(row))
    value = written_value(answer.value)
    content = dataclasses.replace(
        stored,
        value="" if value is None else str(value),
        evidence=answer.evidence or stored.evidence,
        confidence=answer.confidence or stored.confidence,
    )
    submitted = _moment(submission.submitted_at)
    stale = (
        submitted is not None
        and row.updated_at is not None
        and row.version > 0
        and submitted < row.updated_at
    )
    return AnswerEdit(
        answer=row, base_version=row.version - 1 if stale else row.version, content=content
    )


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = parse_datetime(text) if text else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def departments_of_round_city(round: Round) -> list[Department]:
    """The departments a submission may answer for: those of the round's city."""
    return list(Department.objects.filter(city_id=round.city_id).order_by("slug"))

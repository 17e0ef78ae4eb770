"""Taking a filled-in questionnaire back: every row checked first, then all saved or none.

A questionnaire may travel by e-mail for days. Each of its rows carries the version of the answer
at download time (the hidden sheet), so a row whose answer was changed since on the web is kept
as a conflict for the department to settle, never written over the newer answer; a file handed
back twice changes nothing the second time, since unchanged answers get no new version. Each
answer it changes enters the answer's history as an import of the file, by the person who
uploaded it (:mod:`~stocktake_web.exchange.domain.provenance`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from stocktake.errors import AnswerError, FileError
from stocktake.frameworks import Framework
from stocktake.io.answers import answer_from_record
from stocktake.io.questionnaire import ReturnedQuestionnaire, read_questionnaire
from stocktake.io.tables import cell_text
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import AnswerContent, WorkflowError, save_answers
from stocktake_web.assessments.domain.answers import check_value
from stocktake_web.assessments.domain.batches import AnswerEdit
from stocktake_web.assessments.domain.departments import department_answers
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.exchange.domain.provenance import record_import
from stocktake_web.exchange.models import AnswerImport
from stocktake_web.file_problems_in_words import in_words
from stocktake_web.network.models import Department

MAX_QUESTIONNAIRE_BYTES = 2 * 1024 * 1024
"""A questionnaire of a few hundred indicators weighs tens of kilobytes; far more is not one."""


@dataclass
class ImportOutcome:
    """What an upload did: the problems that stopped it, or how many answers changed."""

    problems: list[str] = field(default_factory=list)
    saved: int = 0
    conflicts: int = 0


def import_questionnaire(
    *, round: Round, department: Department, user: User, upload: UploadedFile
) -> ImportOutcome:
    """Check every row of ``upload``; when all pass, save them in one transaction."""
    if upload.size is None or upload.size > MAX_QUESTIONNAIRE_BYTES:
        return ImportOutcome(problems=[_("The file is larger than a questionnaire can be (2 MB).")])
    try:
        returned = _read(upload)
    except FileError as error:
        sheet = str(error.params.get("sheet", "answers"))
        return ImportOutcome(problems=[_place(error.row, error.column, in_words(error), sheet)])
    answers = department_answers(round, department)
    edits, problems = _edits(returned, round, department, answers)
    if problems:
        return ImportOutcome(problems=problems)
    try:
        with transaction.atomic():
            outcomes = save_answers(user=user, edits=edits)
            record_import(
                round=round,
                kind=AnswerImport.Kind.QUESTIONNAIRE,
                file_name=upload.name or "",
                user=user,
                outcomes=outcomes,
            )
    except WorkflowError as error:
        return ImportOutcome(problems=[str(error)])
    return ImportOutcome(
        saved=sum(1 for outcome in outcomes if outcome.changed),
        conflicts=sum(1 for outcome in outcomes if not outcome.saved),
    )


def _read(upload: UploadedFile) -> ReturnedQuestionnaire:
    """The core reads paths: the upload goes to a temporary file for the time of reading."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "questionnaire.xlsx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return read_questionnaire(path)


def _edits(
    returned: ReturnedQuestionnaire, round: Round, department: Department, answers: dict[str, Any]
) -> tuple[list[AnswerEdit], list[str]]:
    framework = round.framework.load()
    edits: list[AnswerEdit] = []
    problems: list[str] = []
    for number, cells in returned.answers.rows:
        record = {name: cell for name, cell in zip(returned.answers.columns, cells, strict=True)}
        try:
            edits.append(_edit(record, returned, round, department, answers, framework))
        except AnswerError as error:
            problems.append(_place(number, error.column, error.detail))
        except _RowProblem as problem:
            problems.append(_place(number, problem.column, str(problem)))
    return edits, problems


class _RowProblem(ValueError):
    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def _edit(
    record: dict[str, Any],
    returned: ReturnedQuestionnaire,
    round: Round,
    department: Department,
    answers: dict[str, Answer],
    framework: Framework,
) -> AnswerEdit:
    indicator = cell_text(record.get("indicator"))
    meta = returned.versions.get(indicator)
    if indicator not in answers or meta is None:
        raise _RowProblem(
            _("%(indicator)s is not assigned to this department in this round.")
            % {"indicator": indicator or "—"},
            "indicator",
        )
    if meta["round"] != round.pk or cell_text(meta["department"]) != department.slug:
        raise _RowProblem(
            _("This row belongs to another round or department; download this one's again."),
            "indicator",
        )
    answer = answer_from_record(record, framework)
    value = cell_text(record.get("value"))
    try:
        check_value(framework, indicator, value)
        link = cell_text(record.get("link"))
        if link:
            URLValidator()(link)
    except WorkflowError as error:
        raise _RowProblem(str(error), "value") from None
    except ValidationError:
        raise _RowProblem(_("The link is not a web address (https://…)."), "link") from None
    return AnswerEdit(
        answer=answers[indicator],
        base_version=_version(meta["version"]),
        content=AnswerContent(
            value=value,
            evidence=answer.evidence,
            link=link,
            confidence=answer.confidence or "",
            importance=answer.importance,
            support=frozenset(answer.support_needed),
            comment=answer.comment,
        ),
    )


def _version(cell: Any) -> int:
    if isinstance(cell, int) and not isinstance(cell, bool) and cell >= 0:
        return cell
    raise _RowProblem(
        _("The hidden sheet was changed; download the questionnaire again."), "version"
    )


def _place(row: int | None, column: str | None, problem: str, sheet: str = "answers") -> str:
    """A problem as a sentence naming where to look, as a spreadsheet numbers rows."""
    if row is None:
        return problem
    return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(problem)s") % {
        "sheet": sheet,
        "row": row,
        "column": column or "—",
        "problem": problem,
    }

"""Submissions collected with a framework's XLSForm, as exported by KoboToolbox or ODK.

One row is one submission: one department's answers to the form. Its columns are the question
paths (``gov/G1`` from KoboToolbox, ``gov-G1`` from ODK Central, or plain ``G1``), each followed
by the indicator's ``…_evidence`` and ``…_confidence`` questions, and the servers' own columns
(``_uuid``, ``_submission_time``, ``_id``, ``KEY``, ``SubmissionDate`` …). An export "with labels"
has the questions' labels as headers and the choices' labels as values; both are understood, in
every language of the framework, and the evidence and confidence columns are then the two that
follow their indicator's.

:func:`read_submissions` turns them into :class:`~stocktake.answers.Answer` objects, the same
answers table :func:`stocktake.io.read_answers` gives, checked against the framework; every row
that does not fit is reported, with its row and column, in one :class:`SubmissionsError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stocktake.answers import CONFIDENCE_LEVELS, Answer
from stocktake.errors import AnswerError, FileError
from stocktake.frameworks.schema import (
    ChoiceIndicator,
    Framework,
    Indicator,
    MaturityIndicator,
    YesNoIndicator,
)
from stocktake.io.answers import answer_from_record
from stocktake.io.tables import cell_text, read_table
from stocktake.io.xlsform import (
    CONFIDENCE_SUFFIX,
    EVIDENCE_SUFFIX,
    FIXED_TEXT,
    question_name,
)

UUID_COLUMNS: tuple[str, ...] = ("_uuid", "meta/instanceid", "instanceid", "key")
"""Where KoboToolbox (``_uuid``) and ODK Central (``meta/instanceID``, ``KEY``) put the id that
stays with a submission on every export, lower-cased."""
TIME_COLUMNS: tuple[str, ...] = ("_submission_time", "submissiondate")
_SEPARATORS = ("/", "-", ".", ":")
_WHAT = "a submissions export"
_MAX_LISTED = 50


@dataclass(frozen=True)
class Submission:
    """One submitted form: who answered, when, and its answers (blank ones left out)."""

    uuid: str
    row: int
    submitted_at: str
    department: str
    answers: tuple[Answer, ...]


class SubmissionsError(AnswerError):
    """Rows of a submissions export that do not fit the framework, each with row and column."""

    def __init__(self, problems: list[AnswerError]) -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = len(problems) - 3
        super().__init__(shown + (f"; and {more} more" if more > 0 else ""))


@dataclass(frozen=True)
class _Columns:
    """Which column holds which indicator's value, evidence and confidence."""

    value: dict[str, int]
    evidence: dict[str, int]
    confidence: dict[str, int]
    uuid: int | None
    time: int | None
    department: int | None


def _duplicates_numbered() -> Any:
    """A header rule that keeps repeated labels apart (``Evidence``, ``Evidence#2`` …)."""
    seen: dict[str, int] = {}

    def name(cell: Any) -> str:
        text = cell_text(cell)
        if not text:
            return ""
        seen[text] = seen.get(text, 0) + 1
        return text if seen[text] == 1 else f"{text}#{seen[text]}"

    return name


def _last_part(header: str, name: str) -> bool:
    return header == name or any(header.endswith(sep + name) for sep in _SEPARATORS)


def _titles(indicator: Indicator) -> set[str]:
    return {text.casefold() for text in indicator.title.values()}


def _fixed_labels(key: str) -> set[str]:
    return {text.casefold() for text in FIXED_TEXT[key].values()}


def _find_columns(
    columns: tuple[str, ...], framework: Framework, department_column: str | None, source: str
) -> _Columns:
    lowered = [column.split("#")[0].casefold() for column in columns]
    value: dict[str, int] = {}
    evidence: dict[str, int] = {}
    confidence: dict[str, int] = {}
    evidence_labels = _fixed_labels("evidence")
    confidence_labels = _fixed_labels("confidence")
    for indicator in framework.indicators():
        name = question_name(indicator.id).casefold()
        titles = _titles(indicator)
        for index, header in enumerate(lowered):
            if _last_part(header, name):
                value[indicator.id] = index
            elif _last_part(header, name + EVIDENCE_SUFFIX):
                evidence[indicator.id] = index
            elif _last_part(header, name + CONFIDENCE_SUFFIX):
                confidence[indicator.id] = index
            elif indicator.id not in value and any(_last_part(header, t) for t in titles):
                value[indicator.id] = index
                following = lowered[index + 1 : index + 3]
                if following[:1] and any(_last_part(following[0], t) for t in evidence_labels):
                    evidence[indicator.id] = index + 1
                if len(following) > 1 and any(
                    _last_part(following[1], t) for t in confidence_labels
                ):
                    confidence[indicator.id] = index + 2
    if not value:
        raise AnswerError(
            f"no column is a question of the framework {framework.id}; export the submissions "
            "of the form made by 'stocktake frameworks export'",
            source=source,
            row=1,
        )

    def first(names: Iterable[str]) -> int | None:
        for wanted in names:
            for index, header in enumerate(lowered):
                if header == wanted or header.endswith("/" + wanted):
                    return index
        return None

    department = None
    if department_column is not None:
        department = first([department_column.casefold()])
        if department is None:
            raise AnswerError(
                f"there is no column '{department_column}' naming the department",
                source=source,
                row=1,
            )
    return _Columns(
        value, evidence, confidence, first(UUID_COLUMNS), first(TIME_COLUMNS), department
    )


def _codes(indicator: Indicator) -> dict[str, str]:
    """Every way a choice may be written (its code, its label in any language) -> its code."""
    found: dict[str, str] = {}
    if isinstance(indicator, MaturityIndicator):
        for level in indicator.levels:
            code = str(level.value)
            found.update({text.casefold(): code for text in level.label.values()})
            found[code] = code
    elif isinstance(indicator, ChoiceIndicator):
        for option in indicator.options:
            found.update({text.casefold(): option.id for text in option.label.values()})
            found[option.id.casefold()] = option.id
    elif isinstance(indicator, YesNoIndicator):
        for code in ("yes", "no"):
            found.update({text.casefold(): code for text in FIXED_TEXT[code].values()})
            found[code] = code
    return found


def _confidence_code(cell: Any) -> str:
    text = cell_text(cell).casefold()
    for level in CONFIDENCE_LEVELS:
        if text in _fixed_labels(level):
            return level
    return text


def _department(cell: Any, framework: Framework) -> str:
    text = cell_text(cell)
    for department in framework.departments:
        names = {department.id.casefold()} | {n.casefold() for n in department.name.values()}
        if text.casefold() in names:
            return department.id
    known = ", ".join(department.id for department in framework.departments)
    raise AnswerError(
        f"'{text}' is not a department of the framework {framework.id}; use one of {known}"
        if framework.departments
        else f"the framework {framework.id} names no departments, so '{text}' cannot be one"
    )


def read_submissions(
    path: str | Path,
    *,
    framework: Framework,
    department: str = "",
    department_column: str | None = None,
    city: str = "",
) -> list[Submission]:
    """Read a KoboToolbox or ODK export of submissions to the framework's XLSForm.

    Parameters
    ----------
    department
        The department every submission answers for, when the export has no column naming it.
    department_column
        The column (a question of the form, ``department`` for instance) naming each
        submission's department by id or name; it wins over ``department``.
    city
        The city written into every answer.

    Raises
    ------
    SubmissionsError
        Listing every cell that does not fit (an unknown level, a value off its scale, a
        submission id seen twice, an unknown department), with row and column.
    """
    try:
        table = read_table(path, column_name=_duplicates_numbered(), what=_WHAT)
    except FileError as exc:
        raise exc.restated(AnswerError) from None
    found = _find_columns(table.columns, framework, department_column, table.source)
    problems: list[AnswerError] = []
    submissions: list[Submission] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        uuid = cell_text(cells[found.uuid]) if found.uuid is not None else ""
        if uuid and uuid in seen:
            problems.append(
                AnswerError(
                    f"the submission {uuid} is also on row {seen[uuid]}; export each "
                    "submission once",
                    source=table.source,
                    row=number,
                    column=table.labels[found.uuid] if found.uuid is not None else None,
                )
            )
        seen.setdefault(uuid, number)
        try:
            submissions.append(
                _submission(number, cells, table.labels, framework, found, department, city)
            )
        except SubmissionsError as exc:
            problems.extend(
                problem.located(source=table.source, row=number) for problem in exc.problems
            )
        if len(problems) >= _MAX_LISTED:
            break
    if problems:
        raise SubmissionsError(problems[:_MAX_LISTED])
    return submissions


def _submission(
    number: int,
    cells: list[Any],
    labels: tuple[str, ...],
    framework: Framework,
    found: _Columns,
    department: str,
    city: str,
) -> Submission:
    problems: list[AnswerError] = []
    if found.department is not None:
        try:
            department = _department(cells[found.department], framework)
        except AnswerError as exc:
            raise SubmissionsError([exc]) from None
    answers = []
    for indicator_id, index in found.value.items():
        indicator = framework.indicator(indicator_id)
        cell = cells[index]
        if cell is None or cell_text(cell) == "":
            continue
        codes = _codes(indicator)
        value = codes.get(cell_text(cell).casefold(), cell) if codes else cell
        record = {
            "indicator": indicator_id,
            "value": value,
            "city": city,
            "department": department,
            "evidence": cells[found.evidence[indicator_id]]
            if indicator_id in found.evidence
            else None,
            "confidence": _confidence_code(cells[found.confidence[indicator_id]])
            if indicator_id in found.confidence
            else None,
        }
        try:
            answers.append(answer_from_record(record, framework))
        except AnswerError as exc:
            column_index = {
                "confidence": found.confidence.get(indicator_id),
                "evidence": found.evidence.get(indicator_id),
            }.get(exc.column or "", index)
            problems.append(
                AnswerError(
                    exc.detail,
                    column=None if column_index is None else labels[column_index],
                )
            )
    if problems:
        raise SubmissionsError(problems)
    return Submission(
        uuid=cell_text(cells[found.uuid]) if found.uuid is not None else "",
        row=number,
        submitted_at=cell_text(cells[found.time]) if found.time is not None else "",
        department=department,
        answers=tuple(answers),
    )

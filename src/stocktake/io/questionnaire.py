"""A department's offline questionnaire: an XLSX workbook to fill in without the web application.

Respondents without a steady connection fill in the workbook in a spreadsheet and hand it back.
The ``answers`` sheet is an answers file (:func:`stocktake.io.answers.read_answers` reads it back):
one row per indicator of the department with the reader's columns, plus ``question`` (the
indicator's text, for reading) and ``link`` (a link to evidence, which the web application keeps).
Each value cell offers the indicator's levels, choices or yes/no as a drop-down list, so a typing
slip is caught while filling in. The ``levels`` sheet lists every level with its descriptor.

The hidden ``stocktake`` sheet carries what the web application needs to take the file back
safely: the framework, round and department, the language, and for each indicator the stored
answer's id and version at download time, so that a row whose answer changed since is recognised
as stale instead of silently overwriting the newer answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stocktake.errors import FileError
from stocktake.frameworks.schema import (
    ChoiceIndicator,
    Framework,
    Indicator,
    MaturityIndicator,
    YesNoIndicator,
)
from stocktake.frameworks.text import localise
from stocktake.io.answers import ANSWERS_SHEET, written_value
from stocktake.io.spreadsheets import Target, _binary, xlsx_cell
from stocktake.io.tables import Table, cell_text, read_table

QUESTIONNAIRE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "question",
    "value",
    "confidence",
    "importance",
    "support_needed",
    "evidence",
    "link",
    "comment",
    "department",
)
"""The columns of the ``answers`` sheet, in order."""

LEVELS_SHEET = "levels"
META_SHEET = "stocktake"
"""The hidden sheet with the framework, round, department, language, answer ids and versions."""
_WHAT = "a questionnaire"
_LIST_LIMIT = 255
"""Excel refuses a drop-down list whose comma-separated entries pass 255 characters."""


@dataclass(frozen=True)
class FilledAnswer:
    """What a questionnaire row shows of a stored answer, and which version of it was shown."""

    value: Any = None
    confidence: str = ""
    importance: int | None = None
    support_needed: tuple[str, ...] = ()
    evidence: str = ""
    link: str = ""
    comment: str = ""
    answer_id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class Questionnaire:
    """Everything a questionnaire workbook shows; ``answers`` maps indicator ids to answers."""

    framework: Framework
    department: str
    indicators: Sequence[str]
    lang: str = "en"
    round_id: int | None = None
    answers: Mapping[str, FilledAnswer] = field(default_factory=dict)


def department_indicators(framework: Framework, department: str) -> list[str]:
    """The framework's indicators assigned to ``department`` by default, in file order.

    A framework that names no department for an indicator leaves it to every department.
    """
    return [
        indicator.id
        for indicator in framework.indicators()
        if not indicator.departments or department in indicator.departments
    ]


def write_questionnaire(questionnaire: Questionnaire, target: Target) -> None:
    """Write the workbook to a path or a binary stream (an HTTP response)."""
    from openpyxl import Workbook

    workbook = Workbook()
    answers = workbook.active
    answers.title = ANSWERS_SHEET
    _fill_answers(answers, questionnaire)
    _fill_levels(workbook.create_sheet(LEVELS_SHEET), questionnaire)
    meta = workbook.create_sheet(META_SHEET)
    _fill_meta(meta, questionnaire)
    meta.sheet_state = "hidden"
    with _binary(target) as raw:
        workbook.save(raw)


def choice_codes(indicator: Indicator) -> list[str]:
    """The codes a value cell accepts, or none when the indicator takes a measured number."""
    if isinstance(indicator, MaturityIndicator):
        return [str(level.value) for level in indicator.levels]
    if isinstance(indicator, ChoiceIndicator):
        return [option.id for option in indicator.options]
    if isinstance(indicator, YesNoIndicator):
        return ["yes", "no"]
    return []


def _fill_answers(sheet: Any, questionnaire: Questionnaire) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.append(list(QUESTIONNAIRE_COLUMNS))
    sheet.freeze_panes = "C2"
    confidence = DataValidation(type="list", formula1='"low,medium,high"', allow_blank=True)
    importance = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    importance.allow_blank = True
    sheet.add_data_validation(confidence)
    sheet.add_data_validation(importance)
    lists: dict[str, Any] = {}
    for row, indicator_id in enumerate(questionnaire.indicators, start=2):
        indicator = questionnaire.framework.indicator(indicator_id)
        answer = questionnaire.answers.get(indicator_id, FilledAnswer())
        sheet.append([_cell(value) for value in _row(questionnaire, indicator, answer)])
        confidence.add(f"D{row}")
        importance.add(f"E{row}")
        codes = ",".join(choice_codes(indicator))
        if codes and len(codes) <= _LIST_LIMIT:
            if codes not in lists:
                lists[codes] = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True)
                sheet.add_data_validation(lists[codes])
            lists[codes].add(f"C{row}")


def _row(questionnaire: Questionnaire, indicator: Indicator, answer: FilledAnswer) -> list[Any]:
    value = written_value(answer.value)
    return [
        indicator.id,
        localise(indicator.title, questionnaire.lang),
        value,
        answer.confidence,
        answer.importance,
        ";".join(answer.support_needed),
        answer.evidence,
        answer.link,
        answer.comment,
        questionnaire.department,
    ]


def _fill_levels(sheet: Any, questionnaire: Questionnaire) -> None:
    sheet.append(["indicator", "code", "label", "descriptor"])
    for indicator_id in questionnaire.indicators:
        indicator = questionnaire.framework.indicator(indicator_id)
        for code, label, descriptor in _levels(indicator, questionnaire.lang):
            sheet.append([_cell(indicator_id), _cell(code), _cell(label), _cell(descriptor)])


def _levels(indicator: Indicator, lang: str) -> list[tuple[str, str, str]]:
    if isinstance(indicator, MaturityIndicator):
        return [
            (str(level.value), localise(level.label, lang), localise(level.descriptor, lang))
            for level in indicator.levels
        ]
    if isinstance(indicator, ChoiceIndicator):
        return [(option.id, localise(option.label, lang), "") for option in indicator.options]
    if isinstance(indicator, YesNoIndicator):
        return [("yes", "yes", ""), ("no", "no", "")]
    unit = localise(getattr(indicator, "unit", None), lang)
    return [("", unit, "")]


META_COLUMNS: tuple[str, ...] = (
    "indicator",
    "answer_id",
    "version",
    "round",
    "department",
    "framework",
    "lang",
)
"""The hidden sheet is one table, so the tables reader (with its checks of every cell) reads it."""


def _fill_meta(sheet: Any, questionnaire: Questionnaire) -> None:
    sheet.append(list(META_COLUMNS))
    for indicator_id in questionnaire.indicators:
        answer = questionnaire.answers.get(indicator_id, FilledAnswer())
        sheet.append(
            [
                _cell(indicator_id),
                answer.answer_id,
                answer.version,
                questionnaire.round_id,
                _cell(questionnaire.department),
                _cell(questionnaire.framework.key),
                _cell(questionnaire.lang),
            ]
        )


@dataclass(frozen=True)
class ReturnedQuestionnaire:
    """A filled-in questionnaire as read back: its answers table and its hidden sheet's rows."""

    answers: Table
    versions: dict[str, dict[str, Any]]
    """Indicator id -> the hidden sheet's cells of its row (answer id, version, round …)."""


def read_questionnaire(path: str | Path) -> ReturnedQuestionnaire:
    """Read a questionnaire handed back; every cell passes the tables reader's checks.

    Raises
    ------
    FileError
        For a file that is not a workbook, lacks the ``answers`` or hidden sheet, or holds
        formulas whose value was never calculated or numbers no one could have meant, naming
        sheet, row and column. A formula a spreadsheet program saved with its value is read as
        that value, as in every other import.
    """
    answers = _sheet(path, ANSWERS_SHEET, column_name=_lower)
    meta = _sheet(path, META_SHEET)
    if tuple(meta.columns) != META_COLUMNS:
        raise FileError(
            "the hidden sheet of the questionnaire was changed; download the questionnaire again",
            source=meta.source,
            code="questionnaire_changed",
            params={"sheet": META_SHEET},
        )
    versions = {
        cell_text(cells[0]): dict(zip(META_COLUMNS, cells, strict=True)) for _, cells in meta.rows
    }
    return ReturnedQuestionnaire(answers=answers, versions=versions)


def _sheet(path: str | Path, sheet: str, **options: Any) -> Table:
    """One sheet of the questionnaire; a problem names the sheet in its ``params`` (``sheet``),
    since a row and a column alone would point into the wrong one."""
    try:
        return read_table(path, sheet=sheet, what=_WHAT, **options)
    except FileError as exc:
        raise exc.restated(FileError, sheet=sheet) from None


def _lower(cell: Any) -> str:
    return cell_text(cell).lower()


def _cell(value: Any) -> Any:
    """A value as a cell: text neutralised against formulas, numbers kept as numbers."""
    return xlsx_cell(value)

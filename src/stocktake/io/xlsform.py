"""A framework as an XLSForm, and back.

KoboToolbox, ODK and Enketo collect answers with forms written as XLSForm workbooks (sheets
``survey``, ``choices``, ``settings``). :func:`write_xlsform` writes one question per indicator
(``select_one`` for scales and choices, ``decimal`` or ``integer`` for measured values, with the
unit's bounds as a constraint), a text question for the evidence and a ``select_one`` for the
confidence of each answer, one group per framework group, and a ``label::Language (code)`` and
``hint::Language (code)`` column for every language of the framework.

XLSForm has no place for points, weights or band tables, so they travel in columns whose names
start with ``stocktake::``; form tools ignore columns they do not know. :func:`read_xlsform`
reads such a workbook back: titles and guidance from the label and hint columns (so translations
edited in the workbook are kept), weights from ``stocktake::weight``, and everything else from the
JSON of ``stocktake::spec``. Export, import and export again give the same framework.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from stocktake.answers import CONFIDENCE_LEVELS
from stocktake.errors import FrameworkError
from stocktake.frameworks.checks import check_framework
from stocktake.frameworks.schema import (
    BandedIndicator,
    ChoiceIndicator,
    Framework,
    Group,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    YesNoIndicator,
)
from stocktake.io.cells import restored
from stocktake.io.spreadsheets import Sheet, write_xlsx

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "zh-Hant": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}
"""The language names the XLSForm column headers use (``label::Chinese (zh-Hant)``)."""

EVIDENCE_SUFFIX = "_evidence"
CONFIDENCE_SUFFIX = "_confidence"
CONFIDENCE_LIST = "stocktake_confidence"
YES_NO_LIST = "stocktake_yes_no"

FIXED_TEXT: dict[str, dict[str, str]] = {
    "evidence": {
        "en": "Evidence",
        "zh-Hant": "佐證資料",
        "ja": "根拠資料",
        "ko": "근거 자료",
    },
    "low": {"en": "Low", "zh-Hant": "低", "ja": "低", "ko": "낮음"},
    "medium": {"en": "Medium", "zh-Hant": "中", "ja": "中", "ko": "중간"},
    "high": {"en": "High", "zh-Hant": "高", "ja": "高", "ko": "높음"},
    "confidence": {
        "en": "Confidence in this answer",
        "zh-Hant": "對此答案的信心",
        "ja": "この回答の確からしさ",
        "ko": "이 답변에 대한 확신",
    },
    "yes": {"en": "Yes", "zh-Hant": "是", "ja": "はい", "ko": "예"},
    "no": {"en": "No", "zh-Hant": "否", "ja": "いいえ", "ko": "아니요"},
}
"""Texts of the questions Stocktake adds to every indicator, in the interface languages."""

_META = "stocktake::"
SURVEY_EXTRA = ("id", "role", "type", "weight", "points", "direction", "spec")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def language_column(kind: str, lang: str) -> str:
    """``label::English (en)``: the XLSForm convention for a translated column."""
    return f"{kind}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def question_name(item_id: str) -> str:
    """An XML name for a framework id: ids such as ``1.2`` cannot start an XML element name."""
    return item_id if _NAME.match(item_id) else "_" + item_id


def _texts(text: dict[str, str] | None, languages: list[str]) -> list[str | None]:
    return [None if text is None else text.get(lang) for lang in languages]


def _fixed(key: str, languages: list[str]) -> list[str | None]:
    table = FIXED_TEXT[key]
    return [table.get(lang, table["en"]) for lang in languages]


def _dump(model: Any, *, exclude: set[str]) -> str:
    return json.dumps(
        model.model_dump(mode="json", exclude=exclude, exclude_defaults=True), ensure_ascii=False
    )


def _indicator_type(indicator: Indicator, list_name: str | None) -> str:
    if list_name is not None:
        return f"select_one {list_name}"
    if isinstance(indicator, BandedIndicator | NumericIndicator):
        return "integer" if indicator.value_bounds.whole else "decimal"
    return "text"


def _constraint(indicator: Indicator) -> str | None:
    if not isinstance(indicator, BandedIndicator | NumericIndicator):
        return None
    low, high, _ = indicator.value_bounds
    parts = ([] if low is None else [f". >= {low:g}"]) + (
        [] if high is None else [f". <= {high:g}"]
    )
    return " and ".join(parts) or None


def _points_text(indicator: Indicator) -> str:
    """The points of each answer, readable in a spreadsheet (the spec column holds them too)."""
    if isinstance(indicator, MaturityIndicator):
        return "; ".join(str(level.value) for level in indicator.levels)
    if isinstance(indicator, ChoiceIndicator):
        return "; ".join(f"{option.id}={option.points:g}" for option in indicator.options)
    if isinstance(indicator, YesNoIndicator):
        return f"yes={indicator.points_yes:g}; no={indicator.points_no:g}"
    if isinstance(indicator, BandedIndicator):
        return "; ".join(
            f"{'' if b.min is None else f'{b.min:g}'}–{'' if b.max is None else f'{b.max:g}'}"
            f"={b.points:g}"
            for b in indicator.bands.bands
        )
    return f"0–{indicator.max_points:g}"


class _Lists:
    """Choice lists, one per distinct set of answers (issa-36's 36 scales share a few)."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages
        self.rows: list[list[Any]] = []
        self._names: dict[str, str] = {}

    def add(self, key: str, prefix: str, choices: list[tuple[str, list[str | None]]]) -> str:
        """The list's name: ``prefix`` for a fixed list (``key`` is the prefix), else numbered."""
        if key in self._names:
            return self._names[key]
        name = prefix if key == prefix else f"{prefix}_{len(self._names) + 1}"
        self._names[key] = name
        for choice, labels in choices:
            self.rows.append([name, choice, *labels])
        return name

    def for_indicator(self, indicator: Indicator) -> str | None:
        langs = self.languages
        if isinstance(indicator, MaturityIndicator):
            choices = [(str(level.value), _texts(level.label, langs)) for level in indicator.levels]
            return self.add(json.dumps(choices, ensure_ascii=False), "levels", choices)
        if isinstance(indicator, ChoiceIndicator):
            choices = [(option.id, _texts(option.label, langs)) for option in indicator.options]
            return self.add(json.dumps(choices, ensure_ascii=False), "options", choices)
        if isinstance(indicator, YesNoIndicator):
            return self.add(
                YES_NO_LIST,
                YES_NO_LIST,
                [
                    ("yes", _fixed("yes", langs)),
                    ("no", _fixed("no", langs)),
                ],
            )
        return None


def xlsform_sheets(framework: Framework) -> list[Sheet]:
    """The ``survey``, ``choices`` and ``settings`` sheets of the framework's XLSForm."""
    langs = list(framework.languages)
    lists = _Lists(langs)
    lists.add(
        CONFIDENCE_LIST,
        CONFIDENCE_LIST,
        [(level, _fixed(level, langs)) for level in CONFIDENCE_LEVELS],
    )
    survey: list[list[Any]] = []
    blank_hints: list[str | None] = [None] * len(langs)

    def row(
        kind: str,
        name: str,
        labels: list[str | None],
        hints: list[str | None],
        *,
        required: str | None = None,
        constraint: str | None = None,
        meta: tuple[Any, ...] = (None,) * len(SURVEY_EXTRA),
    ) -> None:
        survey.append([kind, name, *labels, *hints, required, constraint, *meta])

    def walk(group: Group) -> None:
        group_meta = (group.id, "group", group.kind, group.weight, None, None)
        spec = _dump(group, exclude={"id", "kind", "title", "weight", "groups", "indicators"})
        row(
            "begin_group",
            question_name(group.id),
            _texts(group.title, langs),
            _texts(group.description, langs),
            meta=(*group_meta, spec),
        )
        for indicator in group.indicators:
            list_name = lists.for_indicator(indicator)
            name = question_name(indicator.id)
            direction = getattr(indicator, "direction", None)
            spec = _dump(indicator, exclude={"id", "title", "guidance", "weight"})
            row(
                _indicator_type(indicator, list_name),
                name,
                _texts(indicator.title, langs),
                _texts(indicator.guidance, langs),
                required="no" if indicator.optional else "yes",
                constraint=_constraint(indicator),
                meta=(
                    indicator.id,
                    "indicator",
                    indicator.type,
                    indicator.weight,
                    _points_text(indicator),
                    direction,
                    spec,
                ),
            )
            row("text", name + EVIDENCE_SUFFIX, _fixed("evidence", langs), blank_hints)
            row(
                f"select_one {CONFIDENCE_LIST}",
                name + CONFIDENCE_SUFFIX,
                _fixed("confidence", langs),
                blank_hints,
            )
        for child in group.groups:
            walk(child)
        row("end_group", "", [None] * len(langs), blank_hints)

    for group in framework.groups:
        walk(group)
    survey_header = [
        "type",
        "name",
        *(language_column("label", lang) for lang in langs),
        *(language_column("hint", lang) for lang in langs),
        "required",
        "constraint",
        *(_META + extra for extra in SURVEY_EXTRA),
    ]
    choices_header = [
        "list_name",
        "name",
        *(language_column("label", lang) for lang in langs),
    ]
    settings = [
        framework.title.get("en", framework.id),
        form_id(framework),
        framework.version,
        f"{LANGUAGE_NAMES['en']} (en)",
        _dump(framework, exclude={"groups"}),
    ]
    return [
        Sheet("survey", survey_header, survey),
        Sheet("choices", choices_header, lists.rows),
        Sheet(
            "settings",
            ["form_title", "form_id", "version", "default_language", _META + "framework"],
            [settings],
        ),
    ]


def form_id(framework: Framework) -> str:
    """``issa-36_1.0.1``: the framework id and version, so answers name what they answered."""
    return question_name(f"{framework.id}_{framework.version}")


def write_xlsform(framework: Framework, target: str | Path) -> None:
    """Write the framework as an XLSForm workbook."""
    write_xlsx(target, xlsform_sheets(framework))


# -- reading ---------------------------------------------------------------------------------


class XLSFormError(FrameworkError):
    """A workbook that is not an XLSForm written from a framework, with sheet, row and column."""


def _fail(sheet: str, row: int | None, column: str | None, message: str) -> XLSFormError:
    where = f"sheet '{sheet}'"
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column '{column}'"
    return XLSFormError(f"{where}: {message}")


def _rows(workbook: Any, sheet: str) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    if sheet not in workbook.sheetnames:
        raise _fail(sheet, None, None, "the workbook has no such sheet; is it an XLSForm?")
    values = list(workbook[sheet].iter_rows(values_only=True))
    if not values:
        raise _fail(sheet, 1, None, "the sheet is empty; its first row must name the columns")
    header = [str(cell).strip() if cell is not None else "" for cell in values[0]]

    def body() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(values[1:], start=2):
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue
            yield (
                number,
                {
                    name: restored(cell) if isinstance(cell, str) else cell
                    for name, cell in zip(header, cells, strict=False)
                    if name
                },
            )

    return header, body()


def _spec(sheet: str, number: int, column: str, cell: Any) -> dict[str, Any]:
    if cell is None or str(cell).strip() == "":
        return {}
    try:
        data = json.loads(str(cell))
    except json.JSONDecodeError as exc:
        raise _fail(sheet, number, column, f"this is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise _fail(sheet, number, column, "this must be a JSON object")
    return data


def _local(cells: dict[str, Any], kind: str, languages: list[str]) -> dict[str, str] | None:
    found = {
        lang: str(cells[language_column(kind, lang)])
        for lang in languages
        if cells.get(language_column(kind, lang)) not in (None, "")
    }
    return found or None


def _weight(number: int, cells: dict[str, Any]) -> float:
    cell = cells.get(_META + "weight")
    if cell is None or cell == "":
        return 1.0
    try:
        return float(cell)
    except (TypeError, ValueError):
        raise _fail("survey", number, _META + "weight", f"'{cell}' is not a number") from None


_INDICATOR: TypeAdapter[Indicator] = TypeAdapter(Indicator)


def _check_indicator(number: int, item: dict[str, Any]) -> None:
    """Check one indicator row now, so that a mistake is reported with its row."""
    try:
        _INDICATOR.validate_python(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        # The first part of the place is the indicator type pydantic tried; a wrong type has none.
        field = str(first["loc"][1]) if len(first["loc"]) > 1 else "type"
        column = {"weight": _META + "weight", "type": _META + "type"}.get(field, _META + "spec")
        raise _fail("survey", number, column, f"{field}: {first['msg']}") from None


def read_xlsform(path: str | Path) -> Framework:
    """Read an XLSForm written by :func:`write_xlsform` back into a framework.

    Raises :class:`XLSFormError` naming the sheet, row and column of the first problem, or
    every problem the framework checks find in the result.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise XLSFormError(f"there is no file at {path}") from None
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise XLSFormError(
            f"{path} is not an XLSX workbook ({type(exc).__name__}); an XLSForm is a .xlsx file"
        ) from None
    _, settings_rows = _rows(workbook, "settings")
    settings = next(settings_rows, None)
    if settings is None:
        raise _fail("settings", 2, None, "the sheet has no row of settings")
    head = _spec("settings", settings[0], _META + "framework", settings[1].get(_META + "framework"))
    if not head:
        raise _fail(
            "settings",
            settings[0],
            _META + "framework",
            "the column is missing or empty; only forms exported by Stocktake can be read back",
        )
    languages = head.get("languages") or ["en"]
    header, survey_rows = _rows(workbook, "survey")
    for needed in ("type", "name", _META + "id", _META + "role", language_column("label", "en")):
        if needed not in header:
            raise _fail("survey", 1, needed, "this column is missing")
    stack: list[dict[str, Any]] = [{"groups": []}]
    for number, cells in survey_rows:
        role = cells.get(_META + "role")
        kind = str(cells.get("type") or "").strip()
        if kind == "end_group":
            if len(stack) == 1:
                raise _fail("survey", number, "type", "this end_group closes no group")
            stack.pop()
            continue
        if role not in ("group", "indicator"):
            continue
        item_id = cells.get(_META + "id")
        if item_id in (None, ""):
            raise _fail("survey", number, _META + "id", "the framework id of this row is missing")
        spec = _spec("survey", number, _META + "spec", cells.get(_META + "spec"))
        title = _local(cells, "label", languages) or {}
        if "en" not in title:
            raise _fail(
                "survey",
                number,
                language_column("label", "en"),
                "the English label is missing; English is every framework's fallback language",
            )
        item = {
            **spec,
            "id": str(item_id),
            "title": title,
            "weight": _weight(number, cells),
        }
        if role == "group":
            if kind != "begin_group":
                raise _fail("survey", number, "type", "a group row must be 'begin_group'")
            item.update(kind=cells.get(_META + "type"), groups=[], indicators=[])
            item.pop("description", None)
            if (description := _local(cells, "hint", languages)) is not None:
                item["description"] = description
            stack[-1]["groups"].append(item)
            stack.append(item)
        else:
            if len(stack) == 1:
                raise _fail("survey", number, "type", "an indicator must stand inside a group")
            item.pop("guidance", None)
            item["type"] = cells.get(_META + "type")
            if (guidance := _local(cells, "hint", languages)) is not None:
                item["guidance"] = guidance
            _check_indicator(number, item)
            stack[-1]["indicators"].append(item)
    if len(stack) != 1:
        raise _fail("survey", None, "type", "a begin_group is never closed by an end_group")
    try:
        framework = Framework.model_validate({**head, "groups": stack[0]["groups"]})
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise XLSFormError(
            f"{path} does not describe a valid framework: {place}: {first['msg']}"
        ) from None
    problems = check_framework(framework)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise XLSFormError(f"{path} does not describe a valid framework: {listed}")
    return framework

"""Answers in the layout of KoboToolbox and ODK exports: one row per department, one column per
question named as the framework's XLSForm names it (:func:`stocktake.io.xlsform.question_name`).

People who collect with those tools read and pivot this layout already; written by
:func:`stocktake.io.spreadsheets.write_csv` or ``write_xlsx``, text stays neutralised against
formulas and numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stocktake.answers import Answer
from stocktake.frameworks.schema import ChoiceIndicator, Framework, MaturityIndicator
from stocktake.frameworks.text import localise
from stocktake.io.answers import written_value
from stocktake.io.spreadsheets import Sheet
from stocktake.io.xlsform import question_name


def form_layout_sheet(
    answers: Iterable[Answer], framework: Framework, *, labels: bool = False, lang: str = "en"
) -> Sheet:
    """One row per city and department, in first-seen order; a column per indicator.

    With ``labels``, levels and choices are written as their labels in ``lang`` instead of their
    codes (as Kobo's "labels" export does); measured values stay numbers either way. An
    indicator a department did not answer is an empty cell.
    """
    indicators = framework.indicators()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for answer in answers:
        cells = rows.setdefault((answer.city, answer.department), {})
        cells[answer.indicator] = _shown(framework, answer, labels=labels, lang=lang)
    header = ["city", "department", *(question_name(indicator.id) for indicator in indicators)]
    body = [
        [city, department, *(cells.get(indicator.id) for indicator in indicators)]
        for (city, department), cells in rows.items()
    ]
    return Sheet("answers", header, body)


def _shown(framework: Framework, answer: Answer, *, labels: bool, lang: str) -> Any:
    value = written_value(answer.value)
    if not labels or value is None:
        return value
    try:
        indicator = framework.indicator(answer.indicator)
    except KeyError:
        return value
    if isinstance(indicator, MaturityIndicator):
        found = {level.value: level.label for level in indicator.levels}.get(value)
        return localise(found, lang) if found else value
    if isinstance(indicator, ChoiceIndicator):
        chosen = {option.id: option.label for option in indicator.options}.get(str(value))
        return localise(chosen, lang) if chosen else value
    return value

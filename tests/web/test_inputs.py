"""The answer form's choice inputs, written without Django's widget templates, are the same HTML
Django's widgets write: same ids, names, labels and checked options."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import SimpleTestCase

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.interfaces.forms import AnswerForm
from stocktake_web.assessments.interfaces.inputs import choice_inputs, select_input

from .conftest import Cast

SUBMITTED = [
    {"base_version": "0", "confidence": "high", "importance": "4", "support": ["training"]},
    {"base_version": "0", "confidence": "", "importance": "", "support": []},
    {"base_version": "0", "confidence": "medium", "support": ["training", "finance", "nonsense"]},
]


def _same(ours: str, django: str) -> None:
    SimpleTestCase().assertHTMLEqual(ours, django)


def _check(form: AnswerForm) -> None:
    _same(choice_inputs(form["confidence"]), str(form["confidence"]))
    _same(choice_inputs(form["support"]), str(form["support"]))
    _same(select_input(form["importance"]), str(form["importance"]))


@pytest.mark.parametrize("data", SUBMITTED)
def test_a_submitted_form_shows_what_was_sent(cast: Cast, data: dict[str, Any]) -> None:
    framework = cast.framework.load()
    form = AnswerForm(data, framework=framework, indicator=framework.indicator("E1"))

    _check(form)


@pytest.mark.parametrize("saved", [False, True])
def test_a_new_form_shows_the_stored_answer(cast: Cast, saved: bool) -> None:
    answer = cast.answer("E1")
    if saved:
        content = AnswerContent(
            value="3", confidence="low", importance=2, support=frozenset({"finance", "training"})
        )
        answer = save_answer(answer=answer, user=cast.bob, base_version=0, content=content).answer
    framework = cast.framework.load()
    form = AnswerForm(
        initial=AnswerForm.initial_for(answer),
        framework=framework,
        indicator=framework.indicator("E1"),
    )

    _check(form)
    assert ("checked" in choice_inputs(form["support"])) is saved

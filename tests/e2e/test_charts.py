"""The dashboard's bar charts read well at any width: text at least 12 px, names whole.

Long names (the development pathways) wrap onto a second line rather than being cut, and the
full name is offered on hover. The charts are page text, so a narrow card does not shrink them.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page

from stocktake_web.assessments.domain import (
    AnswerContent,
    assign_indicators,
    open_round,
    save_answer,
)
from stocktake_web.assessments.models import Answer

from .conftest import Harbour, SignIn

pytestmark = pytest.mark.e2e

SMALLEST_TEXT_PX = 12


def _answered_round(harbour: Harbour) -> None:
    opened = open_round(
        city=harbour.city,
        framework=harbour.framework,
        name="2025 pilot",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        opened_by=harbour.mei,
    )
    assign_indicators(round=opened, by=harbour.mei)
    answer = Answer.objects.get(
        assignment__round=opened,
        assignment__indicator="G1",
        assignment__department=harbour.environment,
    )
    save_answer(answer=answer, user=harbour.bo, base_version=0, content=AnswerContent(value="3"))


def _text_sizes(page: Page) -> list[tuple[str, float]]:
    """Every piece of text in the bar charts, with the size it is drawn at in pixels."""
    return page.evaluate(
        """() => {
            const found = [];
            const walker = document.createTreeWalker(
                document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const box = node.parentElement.closest('.bar-chart');
                if (!box || !node.textContent.trim()) continue;
                const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
                found.push([node.textContent.trim(), size]);
            }
            return found;
        }"""
    )


@pytest.mark.parametrize("width", [1280, 700, 390])
def test_chart_text_is_at_least_12px_and_names_are_whole(
    harbour: Harbour, sign_in: SignIn, width: int
) -> None:
    _answered_round(harbour)
    mei = sign_in("mei")
    mei.set_viewport_size({"width": width, "height": 900})
    mei.goto(mei.url.split("/", 3)[0] + "//" + mei.url.split("/", 3)[2] + "/cities/harbour/")

    sizes = _text_sizes(mei)
    assert any("Equitable" in text for text, _ in sizes), sizes
    assert all(size >= SMALLEST_TEXT_PX for _, size in sizes), sizes

    assert mei.locator(".bar-chart").count() == 2  # by dimension, by pathway
    labels = mei.locator(".bar-chart .bar-label")
    assert labels.count() == 5  # the pilot's two dimensions and the three pathways it serves
    for index in range(labels.count()):
        label = labels.nth(index)
        assert label.get_attribute("title") == label.inner_text()
        cut = label.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not cut, label.inner_text()

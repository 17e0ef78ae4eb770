"""Whoever may read an answer but not change it sees the answer, not a form.

The coordinator, the secretariat, or the respondent once answering has closed: no answer
input, no disabled control, no instruction about saving or uploading; the chosen level, the
evidence, the file and the rest of the answer as plain text. (The coordinator's own actions on
an answer, such as asking for a revision or commenting, are forms of their own.)
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import AnswerContent, save_answer

from .conftest import Cast

INSTRUCTIONS = (
    "saved automatically",
    "PDF, image, office document",
    "No answer yet",
)


def _answered(cast: Cast) -> str:
    answer = cast.answer("E1")
    save_answer(
        answer=answer,
        user=cast.bob,
        base_version=answer.version,
        content=AnswerContent(
            value="3",
            evidence="Council minutes <b>2024</b>",
            link="https://example.org/minutes",
            confidence="high",
            support=frozenset({"training"}),
            comment="Checked with the budget office.",
        ),
    )
    return reverse("assessments:answer", args=[answer.pk])


def _answer_section(html: str) -> str:
    return html.split('<section class="card answer-read">', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("person", ["alice", "sam"])
def test_a_reader_sees_the_answer_without_any_control(
    cast: Cast, client: Client, person: str
) -> None:
    page = _answered(cast)
    client.force_login(getattr(cast, person))
    html = client.get(page).content.decode()
    main = html.split("<main", 1)[1]
    section = _answer_section(main)
    assert "<input" not in section
    assert "<textarea" not in section
    assert "data-autosave" not in main
    assert "disabled" not in main
    assert "<fieldset" not in main
    for instruction in INSTRUCTIONS:
        assert instruction not in main
    assert 'class="chosen"' in section
    assert "Council minutes &lt;b&gt;2024&lt;/b&gt;" in main
    assert 'href="https://example.org/minutes"' in main
    assert "Checked with the budget office." in main
    assert "You can read this answer but not change it." in main


def test_the_respondent_reads_without_controls_once_answering_closed(
    cast: Cast, client: Client
) -> None:
    page = _answered(cast)
    cast.round.state = cast.round.State.RECONCILING
    cast.round.save(update_fields=["state"])
    client.force_login(cast.bob)
    main = client.get(page).content.decode().split("<main", 1)[1]
    assert "data-autosave" not in main
    assert "disabled" not in main
    assert "This round is closed for answers." in main
    assert "<input" not in _answer_section(main)


def test_the_respondent_still_gets_the_form_while_answering_is_open(
    cast: Cast, client: Client
) -> None:
    page = _answered(cast)
    client.force_login(cast.bob)
    main = client.get(page).content.decode().split("<main", 1)[1]
    assert "data-autosave" in main
    assert "saved automatically" in main
    assert "disabled" not in main


def test_an_unanswered_indicator_reads_as_not_answered(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    page = reverse("assessments:answer", args=[cast.answer("E1").pk])
    main = client.get(page).content.decode().split("<main", 1)[1]
    assert "Not answered yet." in main
    assert 'class="chosen"' not in main


@pytest.mark.parametrize("person", ["vera", "sam"])
def test_the_round_page_shows_assignments_to_readers_without_checkboxes(
    cast: Cast, client: Client, person: str
) -> None:
    client.force_login(getattr(cast, person))
    main = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()
    grid = main.split('<table class="grid-table">', 1)[1].split("</table>", 1)[0]
    assert "<input" not in grid
    assert "disabled" not in grid
    assert "✓" in grid
    assert "Tick the departments" not in main
    assert reverse("assessments:assign", args=[cast.round.pk]) not in main


def test_the_coordinator_keeps_the_assignment_checkboxes(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    main = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()
    grid = main.split('<table class="grid-table">', 1)[1].split("</table>", 1)[0]
    assert 'type="checkbox" name="assign"' in grid
    assert "Tick the departments" in main

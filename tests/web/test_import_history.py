"""An imported answer enters its history as an import of the file, by the person who uploaded it:
an offline questionnaire and an export of KoboToolbox or ODK submissions alike. A file handed back
twice adds nothing to any history; a stale one makes conflicts, never a silent overwrite."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.exchange.domain.submissions import import_submissions
from stocktake_web.exchange.models import AnswerImport

from .conftest import Cast
from .test_questionnaires import _filled_file, _signed_in, _upload
from .test_submissions import EXPORT


def _history(client: Client, cast: Cast, indicator: str) -> str:
    url = reverse("assessments:answer_history", args=[cast.answer(indicator).pk])
    return client.get(url).content.decode()


def _import_export(cast: Cast, text: str, name: str = "kobo-export.csv") -> None:
    import_submissions(
        round=cast.round,
        user=cast.alice,
        upload=io.BytesIO(text.encode("utf-8")),
        filename=name,
        department=cast.environment,
    )


def test_a_questionnaire_s_answers_enter_their_history_as_an_import_of_the_file(
    cast: Cast,
) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 3, "confidence": "high"}})

    _upload(client, cast, content, name="environment-2025.xlsx")

    revisions = cast.answer("E1").revisions.all()
    assert sorted(revision.field for revision in revisions) == ["confidence", "value"]
    done = AnswerImport.objects.get()
    assert (done.kind, done.file_name, done.imported_by) == (
        AnswerImport.Kind.QUESTIONNAIRE,
        "environment-2025.xlsx",
        cast.bob,
    )
    assert set(done.revisions.all()) == set(revisions)
    assert "import of environment-2025.xlsx by bob" in _history(_signed_in(cast.alice), cast, "E1")


def test_the_same_questionnaire_twice_adds_no_history_and_no_import(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 2, "evidence": "Inventory 2024"}})
    _upload(client, cast, content)
    before = cast.answer("E1").revisions.count()

    _upload(client, cast, content)

    assert cast.answer("E1").revisions.count() == before == 2
    assert AnswerImport.objects.count() == 1


def test_a_stale_questionnaire_makes_a_conflict_and_no_imported_change(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 1}})
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )

    _upload(client, cast, content, name="old.xlsx")

    answer = cast.answer("E1")
    assert (answer.value, answer.version) == ("4", 1)
    assert answer.conflicts.get().proposed["value"] == "1"
    assert not AnswerImport.objects.exists()
    assert "import of" not in _history(_signed_in(cast.alice), cast, "E1")


def test_submissions_enter_the_history_as_an_import_of_the_export(cast: Cast) -> None:
    _import_export(cast, EXPORT)

    done = AnswerImport.objects.get()
    assert (done.kind, done.file_name, done.imported_by) == (
        AnswerImport.Kind.SUBMISSIONS,
        "kobo-export.csv",
        cast.alice,
    )
    g1 = cast.answer("G1")
    assert set(done.revisions.all()) == set(g1.revisions.all()) | set(
        cast.answer("E1").revisions.all()
    )
    assert "import of kobo-export.csv by alice" in _history(_signed_in(cast.alice), cast, "G1")


def test_the_same_export_twice_adds_no_history(cast: Cast) -> None:
    _import_export(cast, EXPORT)
    before = cast.answer("G1").revisions.count()

    _import_export(cast, EXPORT)

    assert cast.answer("G1").revisions.count() == before
    assert AnswerImport.objects.count() == 1


@pytest.mark.parametrize("typed_first", [True, False])
def test_a_typed_change_is_shown_by_its_author_not_as_an_import(
    cast: Cast, typed_first: bool
) -> None:
    if not typed_first:
        _import_export(cast, EXPORT)
    save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=cast.answer("E1").version,
        content=AnswerContent(value="3"),
    )

    page = _history(_signed_in(cast.alice), cast, "E1")

    assert "<td>bob</td>" in page
    assert ("import of kobo-export.csv by alice" in page) is not typed_first

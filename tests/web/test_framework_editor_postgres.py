"""Two people at once on one draft, as only a real PostgreSQL server shows it: run by
``pytest --postgres`` (``make test`` does)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connection

from stocktake_web.frameworks.domain import drafts
from stocktake_web.frameworks.domain.errors import EditorError
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion

from .conftest import Cast
from .test_framework_editor import harbour_draft

pytestmark = pytest.mark.postgres

T = TypeVar("T")


def _together(calls: list[Callable[[], T]]) -> list[T | EditorError]:
    """Each call from its own thread and connection, all released at once."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T | EditorError:
        try:
            start.wait(timeout=10)
            return call()
        except EditorError as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_two_saves_at_once_from_one_page_keep_one_and_refuse_the_other(
    transactional_db: None, cast: Cast
) -> None:
    draft = harbour_draft(cast)

    def save(dropped: str) -> Callable[[], FrameworkDraft]:
        row = FrameworkDraft.objects.get(pk=draft.pk)
        changes = {"drop": [dropped]}
        return lambda: drafts.save_draft(draft=row, changes=changes, base_version=0, by=cast.alice)

    outcomes = _together([save("G2"), save("E3")])

    draft.refresh_from_db()
    refused = [o for o in outcomes if isinstance(o, EditorError)]
    assert len(refused) == 1
    assert draft.version == 1
    assert draft.changes in ({"drop": ["G2"]}, {"drop": ["E3"]})


def test_two_publications_at_once_publish_one_version(transactional_db: None, cast: Cast) -> None:
    draft = harbour_draft(cast)

    def publish() -> FrameworkVersion:
        row = FrameworkDraft.objects.get(pk=draft.pk)
        return drafts.publish_draft(draft=row, base_version=0, by=cast.alice)

    outcomes = _together([publish, publish])

    published = [o for o in outcomes if isinstance(o, FrameworkVersion)]
    assert len(published) == 1
    assert FrameworkVersion.objects.filter(framework_id="pilot-harbour").count() == 1
    assert "already published" in str(next(o for o in outcomes if isinstance(o, EditorError)))

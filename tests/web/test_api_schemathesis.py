"""Schemathesis against the API's own OpenAPI document, in-process, with each person's token:
no server error, every response as the document says, and nothing of another city's.

Bounded: a few derandomized examples per operation and person, so it runs in well under a
minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from stocktake_web.api.domain.tokens import issue_token
from stocktake_web.api.interfaces import authentication

from .conftest import Cast

#: what each person must never read: the slug (and so the name) of a city not theirs
OTHERS: dict[str, tuple[str, ...]] = {
    "alice": ("hillside",),
    "bob": ("hillside",),
    "bea": ("hillside",),
    "vera": ("hillside",),
    "sam": (),
    "charlie": ("harbour",),
    "dora": ("harbour",),
    "olga": ("harbour", "hillside"),
}


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The document as served. The handler's start- and end-of-request signals would close
    the test's connection inside its transaction, as Django's test client knows: they are held
    off here too."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


SETTINGS = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def test_the_api_keeps_its_document_and_its_cities_apart(
    cast: Cast, api_schema: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # schemathesis also calls without a token, many times: the pause after failed attempts
    # (tested in test_api.py) would end the run early
    monkeypatch.setattr(authentication, "FAILURES_ALLOWED", 10**6)
    tokens = {
        person: issue_token(user=getattr(cast, person), name="schemathesis")[1] for person in OTHERS
    }
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 22

    for operation in operations:

        @given(case=operation.as_strategy())
        @SETTINGS
        def each_person_calls(case: Any) -> None:
            for person, hidden in OTHERS.items():
                headers = {"Authorization": f"Bearer {tokens[person]}"}
                response = case.call_and_validate(headers=headers)
                assert response.status_code < 500
                body = response.text.lower()
                for slug in hidden:
                    assert slug not in body, f"{person} read {slug}'s data at {case.path}"

        each_person_calls()

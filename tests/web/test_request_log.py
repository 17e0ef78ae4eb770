"""A refused request is one line in the log, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import Cast


def _records_of(caplog: pytest.LogCaptureFixture, path: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if path in record.getMessage()]


def test_a_refusal_is_logged_once_without_its_traceback(
    cast: Cast, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(cast.vera)  # a viewer may read the round, not close it
    path = reverse("assessments:close", args=[cast.round.pk])
    with caplog.at_level(logging.INFO):
        assert client.post(path).status_code == 403
    records = _records_of(caplog, path)
    assert len(records) == 1
    assert records[0].name == "django.request"
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_failure_keeps_its_traceback() -> None:
    """Only refusals lose theirs: a server error is a fault and must be readable."""
    logger = logging.getLogger("django.request")
    record = logger.makeRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/x",),
        exc_info=(ValueError, ValueError("boom"), None),
    )
    record.status_code = 500
    assert logger.filter(record)
    assert record.exc_info is not None


def test_the_development_server_does_not_repeat_a_refusal() -> None:
    logger = logging.getLogger("django.server")
    refused = logger.makeRecord("django.server", logging.WARNING, __file__, 1, "403", (), None)
    refused.status_code = 403
    served = logger.makeRecord("django.server", logging.INFO, __file__, 1, "200", (), None)
    served.status_code = 200
    assert not logger.filter(refused)
    assert logger.filter(served)

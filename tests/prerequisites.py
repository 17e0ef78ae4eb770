"""What to do when a test's system prerequisite (a server, a browser) is not installed.

On a developer's machine such tests skip, with the reason in pytest's summary. In CI
(``CI=true``, set by ``.ci/run``) the prerequisites are installed on purpose, so a missing one
is a broken build, never a quietly skipped suite.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_prerequisite(reason: str) -> NoReturn:
    """Skip the test with ``reason``, or fail it under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: these tests must run, not skip)", pytrace=False)
    pytest.skip(reason)

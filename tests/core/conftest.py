"""Fixtures for core tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from stocktake.frameworks import Framework, load_framework

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini() -> Framework:
    """A small framework using every answer type (tests/core/data/mini.yaml)."""
    return load_framework(DATA / "mini.yaml")

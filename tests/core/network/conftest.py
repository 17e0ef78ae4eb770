"""The small framework most network tests answer."""

from __future__ import annotations

import pytest

from networkbuilders import four_indicators
from stocktake.frameworks import Framework


@pytest.fixture
def framework() -> Framework:
    return four_indicators()

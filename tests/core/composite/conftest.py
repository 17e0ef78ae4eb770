"""Builders for composite-index tests: a small fictional network of eight cities, six indicators,
two pillars and an index, in the tabular standard (``data/units.csv``, ``data/meta.csv``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from stocktake.composite import CompositeData, from_frames, read_tabular

DATA = Path(__file__).parent / "data"
UNITS_CSV = DATA / "units.csv"
META_CSV = DATA / "meta.csv"


@pytest.fixture
def cities() -> CompositeData:
    return read_tabular(UNITS_CSV, META_CSV)


def two_pillars(
    values: dict[str, list[float]],
    *,
    units: list[str] | None = None,
    directions: dict[str, int] | None = None,
    weights: dict[str, float] | None = None,
    extra_meta: dict[str, dict[str, Any]] | None = None,
) -> CompositeData:
    """Indicators named ``a*`` under pillar ``A``, others under ``B``, both under ``Index``."""
    n = len(next(iter(values.values())))
    frame = pd.DataFrame({"uCode": units or [f"U{i + 1}" for i in range(n)], **values})
    rows = []
    for code in values:
        row = {
            "iCode": code,
            "Level": 1,
            "Parent": "A" if code.startswith("a") else "B",
            "Direction": (directions or {}).get(code, 1),
            "Weight": (weights or {}).get(code, 1),
            "Type": "Indicator",
        }
        row.update((extra_meta or {}).get(code, {}))
        rows.append(row)
    parents = sorted({r["Parent"] for r in rows})
    rows += [
        {
            "iCode": p,
            "Level": 2,
            "Parent": "Index",
            "Direction": 1,
            "Weight": (weights or {}).get(p, 1),
            "Type": "Aggregate",
        }
        for p in parents
    ]
    rows.append(
        {
            "iCode": "Index",
            "Level": 3,
            "Parent": None,
            "Direction": 1,
            "Weight": 1,
            "Type": "Aggregate",
        }
    )
    return from_frames(frame, pd.DataFrame(rows))

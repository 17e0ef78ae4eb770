"""Small indices and specs shared by the robustness tests."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest

from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.spec import BuildSpec, parse_spec
from stocktake.sensitivity.synthetic import synthetic_index
from stocktake.sensitivity.vary import VarySpec, parse_vary

JRC_VARY = {
    "vary": {
        "treat.winmax": {"values": [1, 2, 3, 4, 5]},
        "normalise": {
            "values": [
                {"method": "minmax", "range": [1, 100]},
                {"method": "zscore", "mean": 10, "sd": 2},
            ]
        },
        "weights": {"noise": 0.25},
        "aggregate.method": {"values": ["arithmetic", "geometric"]},
    }
}
"""The four inputs of the JRC audits: winsorisation limit, normalisation, weights, aggregation."""


@pytest.fixture(scope="session")
def index() -> CompositeData:
    """24 units, 15 indicators in 4 pillars, skewed columns and a few gaps."""
    return synthetic_index(24, 15, 4, random_state=3)


@pytest.fixture(scope="session")
def spec() -> BuildSpec:
    return parse_spec(
        {
            "treat": {"winmax": 5},
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": "arithmetic"},
        }
    )


@pytest.fixture(scope="session")
def jrc_vary(spec: BuildSpec) -> VarySpec:
    return parse_vary(JRC_VARY, spec)


JRC_VARY_YAML = """\
vary:
  treat.winmax: {values: [1, 2, 3, 4, 5]}
  normalise:
    values:
      - {method: minmax, range: [1, 100]}
      - {method: zscore, mean: 10, sd: 2}
  weights: {noise: 0.25}
  aggregate.method: {values: [arithmetic, geometric]}
"""


@pytest.fixture
def jrc_vary_yaml() -> str:
    """The JRC inputs as a user writes them in a VARY file."""
    return JRC_VARY_YAML


def three_levels(
    units: pd.DataFrame,
    parents: Mapping[str, str],
    *,
    weights: Mapping[str, float] | None = None,
    directions: Mapping[str, int] | None = None,
) -> CompositeData:
    """Unit data (``uCode`` and one column per indicator) under the pillars ``parents`` names
    (indicator -> pillar), the pillars under ``Index``; weights 1 and directions 1 unless
    given."""
    weights, directions = weights or {}, directions or {}
    pillars = list(dict.fromkeys(parents.values()))
    rows = [(code, 1, parent, "Indicator") for code, parent in parents.items()] + [
        (pillar, 2, "Index", "Aggregate") for pillar in pillars
    ]
    meta = pd.DataFrame(
        [
            {
                "iCode": code,
                "Level": level,
                "Parent": parent,
                "Weight": weights.get(code, 1.0),
                "Direction": directions.get(code, 1),
                "Type": kind,
            }
            for code, level, parent, kind in [*rows, ("Index", 3, None, "Aggregate")]
        ]
    )
    return from_frames(units, meta)

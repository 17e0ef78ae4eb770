"""A seeded synthetic index of any size, for benchmarks and tests of the robustness analysis.

Real indices mix well-behaved and skewed indicators and have gaps; so does this one, so that the
outlier treatment has work to do, aggregation meets missing values and the analysis is timed on
what it will meet. The values are fictional.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData, from_frames
from stocktake.sensitivity.randomness import RandomState, as_generator


def synthetic_index(
    units: int = 51,
    indicators: int = 49,
    pillars: int = 8,
    *,
    missing: float = 0.03,
    random_state: RandomState = 0,
) -> CompositeData:
    """Unit data and metadata of a three-level index: indicators → pillars → ``Index``.

    Parameters
    ----------
    units, indicators, pillars
        Sizes; indicators are dealt to pillars in turn, so pillar sizes differ by at most one.
    missing
        Share of indicator cells left empty, at random (never a whole column).
    random_state
        Seed or generator; the default seed 0 gives the same index on every machine.

    Returns
    -------
    CompositeData
        One in three indicators is log-normal with a heavy right tail, one in six has a few
        low outliers, the rest are normal; some normal ones have direction -1 (a skewed one
        turned round would reach below 0 under a z-score with mean 10, sd 2); weights are 1 or 2.
    """
    rng = as_generator(random_state)
    codes = [f"i{j + 1:02d}" for j in range(indicators)]
    columns = {code: _column(rng, j, units) for j, code in enumerate(codes)}
    values = pd.DataFrame(columns)
    holes = rng.random(values.shape) < missing
    holes[0, :] = False  # every column keeps values in the first row, so none is empty
    values = values.mask(holes)
    table = pd.DataFrame({"uCode": [f"U{u + 1:04d}" for u in range(units)]})
    table["uName"] = [f"City {u + 1}" for u in range(units)]
    table = pd.concat([table, values], axis=1)
    return from_frames(table, _meta(rng, codes, pillars))


def _column(rng: np.random.Generator, j: int, units: int) -> np.ndarray:
    if j % 3 == 0:
        return rng.lognormal(mean=2.0, sigma=1.2, size=units)
    x = rng.normal(50.0, 10.0, size=units)
    if j % 6 == 1:
        x[rng.choice(units, size=max(1, units // 25), replace=False)] -= 35.0
    return x


def _meta(rng: np.random.Generator, codes: list[str], pillars: int) -> pd.DataFrame:
    rows: list[dict[str, object]] = [
        {
            "iCode": code,
            "iName": f"Indicator {code}",
            "Level": 1,
            "Parent": f"P{j % pillars + 1}",
            "Direction": -1 if j % 5 == 4 and j % 3 else 1,
            "Weight": float(rng.choice([1.0, 2.0])),
            "Type": "Indicator",
        }
        for j, code in enumerate(codes)
    ]
    rows += [
        {
            "iCode": f"P{p + 1}",
            "iName": f"Pillar {p + 1}",
            "Level": 2,
            "Parent": "Index",
            "Direction": 1,
            "Weight": 1.0,
            "Type": "Aggregate",
        }
        for p in range(pillars)
    ]
    rows.append(
        {
            "iCode": "Index",
            "iName": "Index",
            "Level": 3,
            "Parent": None,
            "Direction": 1,
            "Weight": 1.0,
            "Type": "Aggregate",
        }
    )
    return pd.DataFrame(rows)

"""One winsorisation walk gives what the build's treatment gives for every limit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stocktake.composite.spec import parse_spec
from stocktake.composite.treat import treat
from stocktake.sensitivity.treat_paths import treat_matrix_variants


def skewed_columns() -> pd.DataFrame:
    """High and low outliers, tied extremes, a column that ends in the log fallback, gaps."""
    rng = np.random.default_rng(21)
    n = 40
    cols = {
        "right": rng.lognormal(0, 1.3, n),
        "left": -rng.lognormal(0, 1.1, n),
        "tied_top": np.r_[rng.normal(10, 1, n - 4), [40.0, 40.0, 40.0, 25.0]],
        "tied_bottom": np.r_[rng.normal(10, 1, n - 3), [-30.0, -30.0, -12.0]],
        "heavy": rng.pareto(0.8, n),
        "normal": rng.normal(0, 1, n),
        "constant": np.full(n, 3.0),
    }
    frame = pd.DataFrame(cols)
    frame.iloc[[2, 9], [0, 4]] = np.nan
    return frame


@pytest.mark.parametrize("method", ["winsorise_then_log", "winsorise", "log", "none"])
@pytest.mark.parametrize("combine", [False, True])
def test_every_limit_matches_the_build_treatment(method: str, combine: bool) -> None:
    values = skewed_columns()
    limits = [0, 1, 2, 3, 5, None]
    specs = [
        parse_spec({"treat": {"method": method, "winmax": k, "combine": combine}}).treat
        for k in limits
    ]

    ours = treat_matrix_variants(values.to_numpy(), list(values.columns), [s for s in specs if s])

    for spec, matrix in zip(specs, ours, strict=True):
        assert spec is not None
        expected = treat(values, spec.rule_for).values.to_numpy()
        np.testing.assert_array_equal(matrix, expected)


def test_per_indicator_rules_are_honoured() -> None:
    values = skewed_columns()
    specs = [
        parse_spec(
            {"treat": {"winmax": k, "indicators": {"right": "none", "left": {"skew": 1.0}}}}
        ).treat
        for k in (1, 4)
    ]

    ours = treat_matrix_variants(values.to_numpy(), list(values.columns), [s for s in specs if s])

    for spec, matrix in zip(specs, ours, strict=True):
        assert spec is not None
        np.testing.assert_array_equal(matrix, treat(values, spec.rule_for).values.to_numpy())

"""Row-wise ranks agree with the build's ranking."""

from __future__ import annotations

import numpy as np
import pytest

from stocktake.composite.rank import rank_scores
from stocktake.sensitivity.ranks import rank_rows


@pytest.mark.parametrize("ties", ["min", "max", "average", "first"])
def test_ranks_match_the_build_with_ties_and_missing_values(ties: str) -> None:
    rng = np.random.default_rng(9)
    scores = rng.integers(0, 6, size=(50, 12)).astype(float)
    scores[rng.random(scores.shape) < 0.15] = np.nan
    scores[3] = np.nan

    ours = rank_rows(scores, ties)  # type: ignore[arg-type]

    expected = np.stack([rank_scores(row, ties) for row in scores])  # type: ignore[arg-type]
    np.testing.assert_array_equal(ours, expected)

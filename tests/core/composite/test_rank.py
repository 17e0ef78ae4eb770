"""Ranks: higher is better, min ties, missing stays missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stocktake.composite.rank import rank_scores, rank_table


def test_higher_scores_rank_first_and_ties_share_the_lowest_rank() -> None:
    ranks = rank_scores(np.array([50.0, 80.0, 80.0, np.nan, 10.0]))

    np.testing.assert_array_equal(ranks, [3.0, 1.0, 1.0, np.nan, 4.0])


def test_rank_table_ranks_every_column() -> None:
    scores = pd.DataFrame({"x": [1.0, 2.0], "y": [5.0, 3.0]}, index=["A", "B"])

    assert rank_table(scores).to_dict() == {"x": {"A": 2.0, "B": 1.0}, "y": {"A": 1.0, "B": 2.0}}

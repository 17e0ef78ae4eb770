"""Ranks: higher is better, min ties, missing stays missing; every tie rule as R and scipy
rank, one row or thousands at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from stocktake.composite.rank import ascending_ranks, rank_scores, rank_table
from stocktake.composite.spec_normalise import Ties


def test_higher_scores_rank_first_and_ties_share_the_lowest_rank() -> None:
    ranks = rank_scores(np.array([50.0, 80.0, 80.0, np.nan, 10.0]))

    np.testing.assert_array_equal(ranks, [3.0, 1.0, 1.0, np.nan, 4.0])


def test_rank_table_ranks_every_column() -> None:
    scores = pd.DataFrame({"x": [1.0, 2.0], "y": [5.0, 3.0]}, index=["A", "B"])

    assert rank_table(scores).to_dict() == {"x": {"A": 2.0, "B": 1.0}, "y": {"A": 1.0, "B": 2.0}}


RANKDATA = {"min": "min", "max": "max", "average": "average", "first": "ordinal"}

scores = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 9)),
    elements=st.sampled_from([np.nan, -np.inf, -2.0, -0.0, 0.0, 1.5, 3.0, np.inf]),
)


@settings(deadline=None, max_examples=60)
@given(scores, st.sampled_from(["min", "max", "average", "first"]), st.sampled_from([0, 1]))
def test_ranks_are_rs_and_scipys_for_every_tie_rule(x: np.ndarray, ties: Ties, axis: int) -> None:
    ours = ascending_ranks(x, ties, axis)

    expected = stats.rankdata(x, method=RANKDATA[ties], axis=axis, nan_policy="omit")
    np.testing.assert_array_equal(ours, expected)


def test_rows_of_replications_rank_like_single_rows() -> None:
    rng = np.random.default_rng(9)
    rows = rng.integers(0, 6, size=(50, 12)).astype(float)
    rows[rng.random(rows.shape) < 0.15] = np.nan
    rows[3] = np.nan

    together = rank_scores(rows, "min", axis=-1)

    np.testing.assert_array_equal(together, np.stack([rank_scores(row) for row in rows]))
    assert np.isnan(together[3]).all()

"""Ranks: higher score, better rank; ties share the lowest rank ("min"); missing stays missing.

References
----------
COINr's ``rank_df`` (``rank(-x, ties.method = "min", na.last = "keep")``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stocktake.composite.normalise import rank
from stocktake.composite.spec_normalise import Ties


def rank_scores(x: np.ndarray, ties: Ties = "min") -> np.ndarray:
    """Rank over the units (the only axis of a 1-D array, else the second to last), 1 for the
    highest score."""
    return rank(-np.asarray(x, dtype=float), ties)


def rank_table(scores: pd.DataFrame, ties: Ties = "min") -> pd.DataFrame:
    """Rank every column of a units × codes table."""
    ranked = rank_scores(scores.to_numpy(dtype=float), ties)
    return pd.DataFrame(ranked, index=scores.index, columns=scores.columns)

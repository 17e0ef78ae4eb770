"""Ranks of many replications at once: one row per replication, higher score better.

The build ranks with :func:`stocktake.composite.rank.rank_scores` (``scipy.stats.rankdata``
with missing values omitted). For the two tie rules that need no averaging, ``min`` (the
default) and ``max``, this module gives the same ranks from one sort per row and a running
maximum, without scipy's copies for missing values: ranking 10,000 replications of 2,500 units
is then a second instead of several. Other tie rules use the build's function.
"""

from __future__ import annotations

import numpy as np

from stocktake.composite.rank import rank_scores
from stocktake.composite.spec_normalise import Ties


def rank_rows(scores: np.ndarray, ties: Ties = "min") -> np.ndarray:
    """Rank each row of ``scores`` (replications × units): 1 for the highest score, tied scores
    share the lowest (``min``) or highest (``max``) rank of their group, missing stays missing."""
    if ties not in ("min", "max"):
        return np.asarray(rank_scores(scores.T, ties).T)
    missing = np.isnan(scores)
    keys = np.where(missing, np.inf, -scores)
    order = np.argsort(keys, axis=1)  # tied units share a rank, so any order of ties will do
    ordered = np.take_along_axis(keys, order, axis=1)
    position = np.arange(scores.shape[1])
    if ties == "min":
        starts = np.ones(ordered.shape, dtype=bool)
        starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
        ranked = np.maximum.accumulate(np.where(starts, position, 0), axis=1) + 1.0
    else:
        ends = np.ones(ordered.shape, dtype=bool)
        ends[:, :-1] = ordered[:, :-1] != ordered[:, 1:]
        last = np.where(ends, position, scores.shape[1])[:, ::-1]
        ranked = np.minimum.accumulate(last, axis=1)[:, ::-1] + 1.0
    out = np.empty(scores.shape)
    np.put_along_axis(out, order, ranked, axis=1)
    out[missing] = np.nan
    return out

"""Ranks: higher score, better rank; ties share the lowest rank ("min"); missing stays missing.

One ranking serves the whole package: the rank stage of the build, the rank-based normalisations
(:func:`stocktake.composite.normalise.rank` and those built on it) and the ranks of every
replication of the robustness analysis, which ranks thousands of rows at once. It sorts each row
once and reads every tie rule off the sorted values: a tie group's first position (``min``), its
last (``max``), their mean (``average``) or the position itself (``first``, with a stable sort so
that tied values keep their order of appearance). This is what R's ``rank(ties.method =,
na.last = "keep")`` and ``scipy.stats.rankdata(nan_policy="omit")`` give.

References
----------
COINr's ``rank_df`` (``rank(-x, ties.method = "min", na.last = "keep")``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stocktake.composite.spec_normalise import Ties


def ascending_ranks(x: np.ndarray, ties: Ties = "min", axis: int = -1) -> np.ndarray:
    """Rank along ``axis``, 1 for the lowest value; missing values stay missing and are not
    counted.

    Sorting puts missing values last, so the present values take ranks 1 to their number whatever
    the gaps. The cost is one sort per row along ``axis``; rank the last axis of a C-ordered array
    for speed.
    """
    values = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    order = np.argsort(values, axis=-1, kind="stable" if ties == "first" else None)
    ordered = np.take_along_axis(values, order, axis=-1)
    n = values.shape[-1]
    position = np.broadcast_to(np.arange(1.0, n + 1.0), values.shape)
    if ties == "first":
        ranked = np.array(position)
    else:
        starts = np.ones(values.shape, dtype=bool)
        np.not_equal(ordered[..., 1:], ordered[..., :-1], out=starts[..., 1:])
        ranked = _tie_ranks(starts, position, ties)
    ranked[np.isnan(ordered)] = np.nan  # missing values sort last and stay missing
    out = np.empty(values.shape)
    np.put_along_axis(out, order, ranked, axis=-1)
    return np.moveaxis(out, -1, axis)


def _tie_ranks(starts: np.ndarray, position: np.ndarray, ties: Ties) -> np.ndarray:
    """The rank of each sorted position from where its group of equal values starts: the
    group's first position (``min``), last (``max``) or their mean (``average``)."""
    first = np.maximum.accumulate(np.where(starts, position, 0.0), axis=-1)
    if ties == "min":
        return first
    ends = np.ones(starts.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    n = starts.shape[-1]
    backwards = np.where(ends, position, n + 1.0)[..., ::-1]
    last = np.minimum.accumulate(backwards, axis=-1)[..., ::-1]
    return last if ties == "max" else (first + last) / 2


def rank_scores(x: np.ndarray, ties: Ties = "min", axis: int | None = None) -> np.ndarray:
    """Rank over the units, 1 for the highest score: along ``axis``, by default the only axis of
    a 1-D array, else the second to last (units × codes)."""
    x = np.asarray(x, dtype=float)
    if axis is None:
        axis = 0 if x.ndim == 1 else -2
    return ascending_ranks(-x, ties, axis)


def rank_table(scores: pd.DataFrame, ties: Ties = "min") -> pd.DataFrame:
    """Rank every column of a units × codes table."""
    ranked = rank_scores(scores.to_numpy(dtype=float), ties)
    return pd.DataFrame(ranked, index=scores.index, columns=scores.columns)

"""Imputation: fill missing values with the indicator's mean or median, overall or per group.

Imputing within a group column (a region, an income group) uses the values of units like the one
imputed. A unit without a group value is left missing, as is a group with no value at all; the
result records every imputed point so that it can be shown.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.3 and Part 2
section 3.2 (unconditional mean imputation); COINr's ``i_mean``, ``i_median``,
``i_mean_grp`` and ``i_median_grp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData
from stocktake.composite.errors import SpecError
from stocktake.composite.spec import ImputeSpec


def _centre(x: np.ndarray, method: Literal["mean", "median"]) -> float:
    present = x[~np.isnan(x)]
    if present.size == 0:
        return float("nan")
    return float(np.mean(present) if method == "mean" else np.median(present))


def impute(
    values: pd.DataFrame,
    method: Literal["mean", "median"] = "mean",
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """Replace each missing value by its column's mean or median, over all units or over the units
    with the same value in ``groups`` (aligned with ``values``' rows)."""
    out = values.to_numpy(dtype=float, copy=True)
    labels = None if groups is None else groups.to_numpy(dtype=object)
    for j in range(out.shape[1]):
        x = out[:, j]
        missing = np.isnan(x)
        if not missing.any():
            continue
        if labels is None:
            x[missing] = _centre(x, method)
        else:
            for label in {g for g in labels[missing] if g is not None and g == g}:
                members = labels == label
                x[missing & members] = _centre(x[members], method)
    return pd.DataFrame(out, index=values.index, columns=values.columns)


@dataclass(frozen=True)
class ImputeResult:
    """Imputed values; per indicator the count imputed and still missing; the imputed points."""

    values: pd.DataFrame
    details: pd.DataFrame
    points: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.details


def impute_stage(values: pd.DataFrame, spec: ImputeSpec, data: CompositeData) -> ImputeResult:
    """Impute as ``spec`` says; ``method: none`` records the missing values and changes nothing."""
    groups = None
    if spec.by_group is not None:
        if spec.by_group not in data.codes_of_type("Group"):
            raise SpecError(
                f"impute.by_group is '{spec.by_group}', which is not a column of Type Group"
            )
        groups = data.units.loc[values.index, spec.by_group]
    out = values.astype(float) if spec.method == "none" else impute(values, spec.method, groups)
    before, after = values.isna(), out.isna()
    details = pd.DataFrame(
        {"missing": before.sum(), "imputed": (before & ~after).sum(), "still_missing": after.sum()}
    )
    details.index.name = "iCode"
    rows, cols = np.nonzero((before & ~after).to_numpy())
    matrix = out.to_numpy(dtype=float)
    points = pd.DataFrame(
        {
            "uCode": out.index[rows],
            "iCode": out.columns[cols],
            "value": matrix[rows, cols],
        },
        columns=["uCode", "iCode", "value"],
    )
    return ImputeResult(out, details, points)

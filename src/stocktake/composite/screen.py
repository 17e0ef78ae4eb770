"""Screening: drop units whose data are too sparse to rank fairly.

A unit's data availability is its share of non-missing indicators; its non-zero share is the share
of its present values that are not zero. A unit stays when both reach their thresholds (COINr's
``Screen`` with ``unit_screen = "byNA"`` or ``"byNAandzeros"``), unless forced in or out.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 sections 1.2–1.3 (data
coverage); COINr's ``Screen`` and ``get_data_avail``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.errors import SpecError
from stocktake.composite.spec import ScreenSpec


def data_availability(values: pd.DataFrame) -> pd.DataFrame:
    """Per unit: missing and zero counts, availability and non-zero share."""
    x = values.to_numpy(dtype=float)
    missing = np.isnan(x).sum(axis=1)
    zeros = (x == 0).sum(axis=1)
    n = x.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        nonzero = 1 - zeros / (n - missing)
    return pd.DataFrame(
        {
            "missing": missing,
            "zeros": zeros,
            "availability": 1 - missing / n,
            "nonzero": nonzero,
        },
        index=values.index,
    )


@dataclass(frozen=True)
class ScreenResult:
    """The kept units' values and, per unit, availability and whether it was kept."""

    values: pd.DataFrame
    details: pd.DataFrame

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(str(u) for u in self.details.index[~self.details["included"]])

    def to_frame(self) -> pd.DataFrame:
        return self.details


def screen(values: pd.DataFrame, spec: ScreenSpec) -> ScreenResult:
    """Keep the units whose availability (and non-zero share, if set) reach ``spec``'s
    thresholds; ``include`` and ``exclude`` override the rule for the units they name.

    Raises
    ------
    SpecError
        A unit named in ``include`` or ``exclude`` is not in the data, or no unit is kept.
    """
    for unit in (*spec.include, *spec.exclude):
        if unit not in values.index:
            raise SpecError(f"screen names unit '{unit}', which is not in the unit data")
    table = data_availability(values)
    keep = table["availability"] >= spec.min_availability
    if spec.min_nonzero is not None:
        keep &= table["nonzero"].fillna(0.0) >= spec.min_nonzero
    keep[keep.index.isin(spec.include)] = True
    keep[keep.index.isin(spec.exclude)] = False
    table["included"] = keep
    if not keep.any():
        raise SpecError(
            "screening removed every unit; lower screen.min_availability or force units in "
            "with screen.include"
        )
    return ScreenResult(values.loc[keep.to_numpy()], table)

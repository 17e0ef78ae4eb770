"""Denomination: divide an indicator by a size (population, GDP, area) so units compare.

``x / (d / s)`` with ``d`` the unit's denominator and ``s`` an optional scale factor (e.g. 1000 for
"per thousand"), computed in that order as COINr's ``Denominate`` does.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.2 (selecting
variables: scaling by size, per capita or per GDP).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.data import CompositeData
from stocktake.composite.errors import CompositeError, SpecError
from stocktake.composite.spec import DenominateSpec


def denominate(
    values: pd.DataFrame,
    denominators: pd.DataFrame,
    by: Mapping[str, str],
    scale: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Divide each indicator named in ``by`` by its denominator column.

    A missing denominator gives a missing value; a zero denominator raises
    :class:`CompositeError` naming the unit, since it is a data error rather than a result.
    """
    scale = scale or {}
    out = values.astype(float)
    for code, column in by.items():
        d = denominators[column].to_numpy(dtype=float)
        zero = np.flatnonzero(d == 0)
        if zero.size:
            unit = denominators.index[zero[0]]
            raise CompositeError(
                f"unit '{unit}' has {column} = 0, so '{code}' cannot be divided by it; correct "
                "the value or leave the cell empty"
            )
        out[code] = out[code].to_numpy(dtype=float) / (d / float(scale.get(code, 1.0)))
    return out


@dataclass(frozen=True)
class DenominateResult:
    """Denominated values and, per indicator, the denominator and scale used."""

    values: pd.DataFrame
    details: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.details


def denominate_stage(
    values: pd.DataFrame, spec: DenominateSpec, data: CompositeData
) -> DenominateResult:
    """Denominate by the metadata's Denominator / ScaleFactor columns, overridden by ``spec``."""
    by: dict[str, str] = {}
    scale: dict[str, float] = {}
    for code in map(str, values.columns):
        denominator = data.meta_value(code, "Denominator")
        if denominator is not None:
            by[code] = str(denominator)
        factor = data.meta_value(code, "ScaleFactor")
        if factor is not None:
            scale[code] = float(factor)
    by.update(spec.denominators)
    scale.update(spec.scale)
    for code, column in by.items():
        if code not in values.columns:
            raise SpecError(f"denominate names '{code}', which is not an indicator")
        if column not in data.codes_of_type("Denominator"):
            raise SpecError(
                f"denominate divides '{code}' by '{column}', which is not a Denominator column"
            )
    units = data.units.loc[values.index]
    out = denominate(values, units, by, scale)
    rows = [{"iCode": c, "Denominator": by[c], "ScaleFactor": scale.get(c, 1.0)} for c in by]
    details = pd.DataFrame(rows, columns=["iCode", "Denominator", "ScaleFactor"])
    return DenominateResult(out, details.set_index("iCode"))

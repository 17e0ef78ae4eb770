"""The normalised indicators of every data variant an analysis needs, each computed once.

The data stages (denominate, impute, screen, treat, normalise) are run exactly as
:func:`stocktake.composite.build.build` runs them, with the stage functions of
:mod:`stocktake.composite`. Work is shared by stage prefix: variants that differ only in the
normalisation share one treatment, and variants that differ only in ``winmax`` share one
winsorisation walk (:mod:`stocktake.sensitivity.treat_paths`). A normalisation with one method
for every indicator is applied to the whole matrix at once with the build's own vectorised
normalisers; anything else goes through :func:`stocktake.composite.normalise.normalise`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from stocktake.composite.build import select_time
from stocktake.composite.data import CompositeData
from stocktake.composite.denominate import denominate_stage
from stocktake.composite.impute import impute_stage
from stocktake.composite.normalise import (
    borda,
    directions,
    distance_to_max,
    fraction_of_max,
    minmax,
    normalise,
    percentile_rank,
    rank,
    zscore,
)
from stocktake.composite.screen import screen
from stocktake.composite.spec import BuildSpec
from stocktake.composite.spec_normalise import (
    Borda,
    DistanceToMax,
    FractionOfMax,
    MinMax,
    NoNormalisation,
    NormaliseSpec,
    PercentileRank,
    Rank,
    ZScore,
)
from stocktake.sensitivity.treat_paths import treat_matrix_variants

_WHOLE_MATRIX: dict[type, Callable[[np.ndarray, Any], np.ndarray]] = {
    MinMax: lambda x, m: minmax(x, *m.range),
    ZScore: lambda x, m: zscore(x, m.mean, m.sd),
    Rank: lambda x, m: rank(x, m.ties),
    PercentileRank: lambda x, m: percentile_rank(x, m.ties),
    Borda: lambda x, m: borda(x, m.ties),
    DistanceToMax: lambda x, m: distance_to_max(x),
    FractionOfMax: lambda x, m: fraction_of_max(x),
    NoNormalisation: lambda x, m: x,
}
"""Normalisers that act column by column on a whole matrix, by settings model."""


def _section(spec: BuildSpec, name: str) -> str:
    value = getattr(spec, name)
    return "null" if value is None else str(value.model_dump_json())


def normalised_variants(
    data: CompositeData, specs: Sequence[BuildSpec]
) -> tuple[pd.Index, list[np.ndarray], list[np.ndarray]]:
    """The normalised units × indicators matrix of each spec's data stages.

    Parameters
    ----------
    data
        Checked unit data and metadata.
    specs
        Build specs that select the same time point; only their data stages are used.

    Returns
    -------
    units, matrices, included
        The units of the time point (before screening); one matrix per spec with a row per
        unit in that order, where units a spec screens out have a row of NaN (columns are the
        indicators in hierarchy order); and per spec which units it keeps.
    """
    chosen = select_time(data, specs[0].time)
    units = chosen.units.index
    codes = list(chosen.hierarchy.indicators)
    raw = chosen.indicators()
    screened: dict[str, pd.DataFrame] = {}
    for spec in specs:
        key = _prefix(spec)
        if key not in screened:
            screened[key] = _screened(raw, spec, chosen)
    treated: dict[tuple[str, str], np.ndarray] = {}
    for key, table in screened.items():
        group = {_section(s, "treat"): s for s in specs if _prefix(s) == key}
        with_rule = [(k, s) for k, s in group.items() if s.treat is not None]
        matrices = treat_matrix_variants(
            table.to_numpy(dtype=float), codes, [s.treat for _, s in with_rule if s.treat]
        )
        for (k, _), matrix in zip(with_rule, matrices, strict=True):
            treated[(key, k)] = matrix
        if "null" in group:
            treated[(key, "null")] = table.to_numpy(dtype=float)
    out: dict[tuple[str, str, str], np.ndarray] = {}
    kept = {key: units.isin(table.index) for key, table in screened.items()}
    matrices_out = []
    included = []
    for spec in specs:
        prefix, treat_key = _prefix(spec), _section(spec, "treat")
        full = (prefix, treat_key, _section(spec, "normalise"))
        if full not in out:
            table = screened[prefix]
            values = treated[(prefix, treat_key)]
            normal = _normalised(values, table.index, codes, spec.normalise, chosen)
            out[full] = _on_units(normal, table.index, units)
        matrices_out.append(out[full])
        included.append(kept[prefix])
    return units, matrices_out, included


def _prefix(spec: BuildSpec) -> str:
    return "|".join(_section(spec, s) for s in ("denominate", "impute", "screen"))


def _screened(raw: pd.DataFrame, spec: BuildSpec, data: CompositeData) -> pd.DataFrame:
    """Denominate, impute and screen as the build does."""
    values = raw
    if spec.denominate:
        values = denominate_stage(values, spec.denominate, data).values
    if spec.impute:
        values = impute_stage(values, spec.impute, data).values
    if spec.screen:
        values = screen(values, spec.screen).values
    return values


def _normalised(
    values: np.ndarray,
    units: pd.Index,
    codes: list[str],
    spec: NormaliseSpec | None,
    data: CompositeData,
) -> np.ndarray:
    if spec is None:
        return values
    method = spec.default
    if not spec.indicators and type(method) in _WHOLE_MATRIX:
        signs = directions(data, dict(spec.directions))
        oriented = values * np.array([signs[c] for c in codes], dtype=float)
        return np.asarray(_WHOLE_MATRIX[type(method)](oriented, method), dtype=float)
    table = pd.DataFrame(values, index=units, columns=codes)
    return normalise(table, spec, data).values.to_numpy(dtype=float)


def _on_units(matrix: np.ndarray, present: pd.Index, units: pd.Index) -> np.ndarray:
    """Rows for every unit; a screened-out unit's row is NaN."""
    if len(present) == len(units) and present.equals(units):
        return matrix
    out = np.full((len(units), matrix.shape[1]), np.nan)
    out[units.get_indexer(present)] = matrix
    return out

"""Analysis of a built index: indicator statistics, units' strengths and weaknesses, comparisons.

:func:`analyse` gathers these and the coherence checks of :mod:`stocktake.composite.coherence`
into one :class:`Analysis`, which the command line writes as tables.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 sections 1.2–1.4 (data and
their statistics), 1.7 (robustness: comparing variants) and 1.8 with Part 2 Step 8 (back to the
details: strengths and weaknesses); COINr's ``get_stats``, ``get_str_weak`` and ``compare_coins``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.build import DATA_STAGES, BuildResult
from stocktake.composite.coherence import (
    Correlations,
    Importance,
    PrincipalComponents,
    Reliability,
    correlations,
    group_pca,
    group_reliability,
    weight_importance,
)
from stocktake.composite.rank import rank_scores
from stocktake.composite.treat import kurtosis, skewness

UNORIENTED_TABLES: tuple[str, ...] = ("raw", *(stage.table for stage in DATA_STAGES[:-1]))
"""The tables before normalisation (the last data stage), whose values are not yet multiplied by
their direction."""


@dataclass(frozen=True)
class IndicatorStatistics:
    """Per indicator: availability and spread in the input, skewness and kurtosis before
    treatment, the treatment applied, and skewness and kurtosis after it."""

    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table


def indicator_statistics(result: BuildResult) -> IndicatorStatistics:
    """Statistics of each indicator: raw availability, then the data entering treatment."""
    rows = []
    details = result.treatment.details if result.treatment else None
    status = {} if details is None else {str(k): str(v) for k, v in details["status"].items()}
    moved = {} if details is None else {str(k): int(v) for k, v in details["winsorised"].items()}
    for code in result.data.indicator_codes:
        raw = result.raw[code].to_numpy(dtype=float)
        x = result.screened[code].to_numpy(dtype=float)
        after = result.treated[code].to_numpy(dtype=float)
        present = x[~np.isnan(x)]
        rows.append(
            {
                "iCode": code,
                "availability": float(np.mean(~np.isnan(raw))) if raw.size else np.nan,
                "n": int(present.size),
                "min": float(present.min()) if present.size else np.nan,
                "max": float(present.max()) if present.size else np.nan,
                "mean": float(present.mean()) if present.size else np.nan,
                "sd": float(present.std(ddof=1)) if present.size > 1 else np.nan,
                "skew": skewness(x),
                "kurtosis": kurtosis(x),
                "treatment": status.get(code, "off"),
                "winsorised": moved.get(code, 0),
                "skew_treated": skewness(after),
                "kurtosis_treated": kurtosis(after),
            }
        )
    return IndicatorStatistics(pd.DataFrame(rows).set_index("iCode"))


@dataclass(frozen=True)
class StrengthsWeaknesses:
    """Per unit, its best-ranked indicators (strengths) and worst-ranked (weaknesses)."""

    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def of(self, unit: str) -> pd.DataFrame:
        return self.table[self.table["uCode"] == unit]


def strengths_and_weaknesses(
    result: BuildResult,
    *,
    units: list[str] | None = None,
    top: int = 5,
    bottom: int = 5,
    discard_last: bool = True,
    stage: str = "raw",
) -> StrengthsWeaknesses:
    """Each unit's ``top`` best and ``bottom`` worst indicator ranks, as COINr's ``get_str_weak``.

    Ranks come from the ``stage`` table (default the raw data) times each indicator's direction
    for the input stages (so rank 1 is the best performer whatever the polarity), among the units
    of that table (all units for ``raw``, as COINr's default ``dset = "Raw"``). Missing values are
    skipped; with ``discard_last`` an indicator where the unit holds the column's worst rank is
    skipped too (COINr's ``min_discard``, which keeps indicators where many units tie at zero out
    of the weaknesses). Tied ranks are listed by parent code, then in metadata order, as COINr
    sorts its metadata.
    """
    tree = result.data.hierarchy
    codes = list(tree.indicators)
    values = result.stage(stage).loc[:, codes]
    directed = values.to_numpy(dtype=float)
    if stage in UNORIENTED_TABLES:
        directed = directed * np.array([tree.direction[c] for c in codes])
    ranks = rank_scores(directed)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
        worst = np.nanmax(ranks, axis=0)
    meta = result.data.meta
    names = {str(k): str(v) for k, v in meta["iName"].items()} if "iName" in meta else {}
    row_of = {str(u): i for i, u in enumerate(values.index)}
    # ties in COINr's metadata order: sorted by parent code, then as listed
    by_parent = sorted(range(len(codes)), key=lambda j: (str(tree.parent[codes[j]]).casefold(), j))
    tie_order = np.empty(len(codes), dtype=int)
    tie_order[by_parent] = np.arange(len(codes))
    rows = []
    for unit in units if units is not None else list(row_of):
        r = ranks[row_of[unit]]
        keep = ~np.isnan(r) & ~(discard_last & (r == worst))
        kept = np.flatnonzero(keep)
        ordered = kept[np.lexsort((tie_order[kept], r[kept]))]
        picks = [("strength", j) for j in ordered[:top]]
        picks += [("weakness", j) for j in ordered[max(len(ordered) - bottom, 0) :]]
        for kind, j in picks:
            rows.append(
                {
                    "uCode": unit,
                    "kind": kind,
                    "iCode": codes[j],
                    "iName": names.get(codes[j], codes[j]),
                    "Parent": tree.parent[codes[j]],
                    "rank": float(r[j]),
                    "value": float(values.iloc[row_of[unit], j]),
                }
            )
    columns = ["uCode", "kind", "iCode", "iName", "Parent", "rank", "value"]
    return StrengthsWeaknesses(pd.DataFrame(rows, columns=columns))


@dataclass(frozen=True)
class Comparison:
    """Scores and ranks of one code under two builds, per unit, with the rank change."""

    code: str
    table: pd.DataFrame

    @property
    def mean_absolute_rank_shift(self) -> float:
        return float(self.table["abs_rank_change"].mean())

    def to_frame(self) -> pd.DataFrame:
        return self.table


def compare(a: BuildResult, b: BuildResult, code: str | None = None) -> Comparison:
    """Compare ``code`` (default: the index) between two builds; ``rank_change`` is rank under
    ``b`` minus rank under ``a``, so a negative change is an improvement. Units in only one build
    appear with the other side missing."""
    code = code or a.index_codes[0]
    table = pd.DataFrame(
        {
            "score_a": a.aggregated[code],
            "score_b": b.aggregated[code],
            "rank_a": a.ranks[code],
            "rank_b": b.ranks[code],
        }
    )
    table["rank_change"] = table["rank_b"] - table["rank_a"]
    table["abs_rank_change"] = table["rank_change"].abs()
    table.index.name = "uCode"
    return Comparison(code, table)


@dataclass(frozen=True)
class Analysis:
    """Every analysis table of one build (and its comparison with another, if given)."""

    statistics: IndicatorStatistics
    correlations: Correlations
    reliability: Reliability
    components: PrincipalComponents
    weights: Importance
    strengths_weaknesses: StrengthsWeaknesses
    comparison: Comparison | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Name → table, as the command line writes them."""
        out = {
            "indicator_statistics": self.statistics.to_frame(),
            "correlations": self.correlations.to_frame(),
            "cronbach_alpha": self.reliability.to_frame(),
            "pca_components": self.components.components,
            "pca_loadings": self.components.loadings,
            "weights": self.weights.to_frame(),
            "strengths_weaknesses": self.strengths_weaknesses.to_frame(),
        }
        if self.comparison is not None:
            out["comparison"] = self.comparison.to_frame()
        return out


def analyse(result: BuildResult, other: BuildResult | None = None) -> Analysis:
    """Run every analysis on ``result``; compare with ``other`` when given."""
    return Analysis(
        statistics=indicator_statistics(result),
        correlations=correlations(result),
        reliability=group_reliability(result),
        components=group_pca(result),
        weights=weight_importance(result),
        strengths_weaknesses=strengths_and_weaknesses(result),
        comparison=compare(result, other) if other is not None else None,
    )

"""The whole build: each stage in order, each kept, with the specification that produced it.

``build(data, spec)`` runs denominate → impute → screen → treat → normalise → weight → aggregate
→ rank. A stage the spec leaves out passes its input through unchanged, so every stage table exists
and the stages line up with COINr's data sets (Denominated, Imputed, Screened, Treated, Normalised,
Aggregated). The result keeps the spec; :meth:`BuildResult.rebuild` re-runs it with changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from stocktake.composite.aggregate import AggregateResult, aggregate
from stocktake.composite.data import CompositeData
from stocktake.composite.denominate import DenominateResult, denominate_stage
from stocktake.composite.errors import CompositeError, SpecError
from stocktake.composite.impute import ImputeResult, impute_stage
from stocktake.composite.normalise import NormaliseResult, normalise
from stocktake.composite.rank import rank_table
from stocktake.composite.screen import ScreenResult, screen
from stocktake.composite.spec import BuildSpec, parse_spec
from stocktake.composite.treat import TreatResult, treat
from stocktake.composite.weights import WeightsResult, weigh

STAGE_TABLES: tuple[str, ...] = (
    "denominated",
    "imputed",
    "screened",
    "treated",
    "normalised",
    "aggregated",
)
"""The stage tables in build order, named as the files the command line writes."""


@dataclass(frozen=True)
class StageRecord:
    """One stage of a build: whether it ran, and its settings as data."""

    stage: str
    ran: bool
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class BuildResult:
    """Every stage's table (units × codes, index ``uCode``) and every stage's details."""

    spec: BuildSpec
    data: CompositeData
    raw: pd.DataFrame
    denominated: pd.DataFrame
    imputed: pd.DataFrame
    screened: pd.DataFrame
    treated: pd.DataFrame
    normalised: pd.DataFrame
    aggregated: pd.DataFrame
    ranks: pd.DataFrame
    weights: WeightsResult
    denomination: DenominateResult | None = None
    imputation: ImputeResult | None = None
    screening: ScreenResult | None = None
    treatment: TreatResult | None = None
    normalisation: NormaliseResult | None = None
    aggregation: AggregateResult | None = None
    log: tuple[StageRecord, ...] = ()

    def stage(self, name: str) -> pd.DataFrame:
        """The table of stage ``name`` (one of :data:`STAGE_TABLES`, ``raw`` or ``ranks``)."""
        if name not in (*STAGE_TABLES, "raw", "ranks"):
            raise KeyError(name)
        table: pd.DataFrame = getattr(self, name)
        return table

    @property
    def index_codes(self) -> tuple[str, ...]:
        """The top node(s) of the index."""
        return self.data.hierarchy.top

    def to_frame(self) -> pd.DataFrame:
        """Per unit: the score and rank of each top node, best first."""
        if not any(code in self.aggregated.columns for code in self.index_codes):
            raise CompositeError(
                "the specification has no aggregate stage, so there is no index to rank; add "
                "for example 'aggregate: {method: arithmetic}'"
            )
        out = pd.DataFrame(index=self.aggregated.index)
        for code in self.index_codes:
            out[code] = self.aggregated[code]
            out[f"{code}_rank"] = self.ranks[code]
        first = self.index_codes[0]
        return out.sort_values(f"{first}_rank", kind="stable")

    def rebuild(self, changes: Mapping[str, Any]) -> BuildResult:
        """Build again from the same data with the spec changed (dotted paths, see
        :meth:`BuildSpec.updated`)."""
        return build(self.data, self.spec.updated(changes))


def select_time(data: CompositeData, time: float | str | None) -> CompositeData:
    """The rows of one time point; several Time values need ``time`` to choose one."""
    if "Time" not in data.units.columns:
        if time is not None:
            raise SpecError(f"the spec selects time {time}, but the unit data has no Time column")
        return data
    times = data.units["Time"]
    distinct = [_label(t) for t in sorted(set(times.dropna()), key=str)]
    if time is None:
        if len(distinct) > 1:
            raise SpecError(
                f"the unit data has several Time values ({', '.join(distinct)}); choose one with "
                "'time:' in the spec"
            )
        return data
    chosen = pd.Series([_label(t) == _label(time) for t in times], index=times.index)
    if not chosen.any():
        raise SpecError(f"the spec selects time {time}, which the unit data does not have")
    return data.with_units(data.units.loc[chosen.to_numpy()])


def _label(value: object) -> str:
    """A time point as a person wrote it: 2020, not 2020.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build(data: CompositeData, spec: BuildSpec | Mapping[str, Any]) -> BuildResult:
    """Run every stage of ``spec`` on ``data``.

    Parameters
    ----------
    data
        Checked unit data and metadata (:func:`~stocktake.composite.data.from_frames`,
        :func:`~stocktake.composite.tables.read_tabular` or
        :func:`~stocktake.composite.assessments.from_framework`).
    spec
        A :class:`BuildSpec`, or plain data that :func:`parse_spec` reads (a parsed YAML file).

    Returns
    -------
    BuildResult
        Every stage's table, every stage's details, and the spec with its defaults filled in.

    Raises
    ------
    SpecError
        The spec names codes, units, levels or columns the data lacks, or screening leaves no unit.
    AggregationError
        A method meets values it cannot use (a geometric mean over a zero), named with the unit.
    """
    if not isinstance(spec, BuildSpec):
        spec = parse_spec(spec)
    data = select_time(data, spec.time)
    tree = data.hierarchy
    _check_codes(spec, data)
    log: list[StageRecord] = []

    def record(stage: str, section: Any) -> None:
        settings = section.model_dump(mode="json") if section is not None else {}
        log.append(StageRecord(stage, section is not None, settings))

    raw = data.indicators()
    denomination = denominate_stage(raw, spec.denominate, data) if spec.denominate else None
    denominated = denomination.values if denomination else raw
    record("denominate", spec.denominate)
    imputation = impute_stage(denominated, spec.impute, data) if spec.impute else None
    imputed = imputation.values if imputation else denominated
    record("impute", spec.impute)
    screening = screen(imputed, spec.screen) if spec.screen else None
    screened = screening.values if screening else imputed
    if screened.empty:
        raise SpecError(
            "screening removed every unit; lower screen.min_availability or force units in "
            "with screen.include"
        )
    record("screen", spec.screen)
    treatment = treat(screened, spec.treat.rule_for) if spec.treat else None
    treated = treatment.values if treatment else screened
    record("treat", spec.treat)
    normalisation = normalise(treated, spec.normalise, data) if spec.normalise else None
    normalised = normalisation.values if normalisation else treated
    record("normalise", spec.normalise)
    weights = weigh(tree, spec.weights)
    record("weights", spec.weights)
    aggregation = None
    aggregated = normalised
    if spec.aggregate is not None:
        aggregation = aggregate(normalised, tree, weights.used(), spec.aggregate.rule_for)
        aggregated = aggregation.values
    record("aggregate", spec.aggregate)
    ranks = rank_table(aggregated, spec.rank.ties)
    record("rank", spec.rank)
    return BuildResult(
        spec=spec,
        data=data,
        raw=raw,
        denominated=denominated,
        imputed=imputed,
        screened=screened,
        treated=treated,
        normalised=normalised,
        aggregated=aggregated,
        ranks=ranks,
        weights=weights,
        denomination=denomination,
        imputation=imputation,
        screening=screening,
        treatment=treatment,
        normalisation=normalisation,
        aggregation=aggregation,
        log=tuple(log),
    )


def _check_codes(spec: BuildSpec, data: CompositeData) -> None:
    """Codes the spec names must exist, so a typo fails with its name instead of being ignored."""
    tree = data.hierarchy
    if spec.treat is not None:
        for code in spec.treat.indicators:
            if code not in tree.indicators:
                raise SpecError(f"treat.indicators names '{code}', which is not an indicator")
    if spec.aggregate is not None:
        for code in spec.aggregate.groups:
            if code not in tree.aggregates:
                raise SpecError(f"aggregate.groups names '{code}', which is not an aggregate")
        levels = {tree.level[a] for a in tree.aggregates}
        for level in spec.aggregate.levels:
            if level not in levels:
                raise SpecError(
                    f"aggregate.levels names level {level}, but aggregates are at levels "
                    f"{', '.join(map(str, sorted(levels)))}"
                )

"""The whole build: each stage in order, each kept, with the specification that produced it.

``build(data, spec)`` runs the data stages of :data:`DATA_STAGES` in order, then weighting,
aggregation and ranking. A stage the spec leaves out passes its input through unchanged, so every
stage table exists and the stages line up with COINr's data sets (Denominated, Imputed, Screened,
Treated, Normalised, Aggregated). The result keeps the spec; :meth:`BuildResult.rebuild` re-runs it
with changes. The robustness analysis runs the same data stages for many specs at once
(:func:`run_data_stages`) and the same aggregation for many replications.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
from stocktake.composite.treat import TreatResult, treat_variants
from stocktake.composite.weights import WeightsResult, weigh

StageRun = Callable[[pd.DataFrame, Sequence[Any], CompositeData], Sequence[Any]]
"""A data stage over several settings at once: the input table, the distinct settings, the data
(for metadata); one result per setting, each with the stage's output table as ``values``."""


@dataclass(frozen=True)
class DataStage:
    """A stage that changes the indicator values, and the names it goes by.

    Attributes
    ----------
    name
        Its section of the build spec (the stage runs when the section is present).
    table
        The :class:`BuildResult` attribute that holds its output table, and the name of the file
        the command line writes it to.
    result
        The :class:`BuildResult` attribute that holds its details.
    run
        The stage over several settings at once; the build gives it one, the robustness
        analysis every distinct setting that follows the same earlier stages.
    """

    name: str
    table: str
    result: str
    run: StageRun


def _each(stage: Callable[[pd.DataFrame, Any, CompositeData], Any]) -> StageRun:
    """A stage of one setting, run for each setting in turn."""
    return lambda values, settings, data: [stage(values, s, data) for s in settings]


DATA_STAGES: tuple[DataStage, ...] = (
    DataStage("denominate", "denominated", "denomination", _each(denominate_stage)),
    DataStage("impute", "imputed", "imputation", _each(impute_stage)),
    DataStage("screen", "screened", "screening", _each(lambda v, s, _: screen(v, s))),
    DataStage(
        "treat", "treated", "treatment", lambda v, s, _: treat_variants(v, [t.rule_for for t in s])
    ),
    DataStage("normalise", "normalised", "normalisation", _each(normalise)),
)
"""The data stages in build order; weighting, aggregation and ranking follow them."""

STAGE_TABLES: tuple[str, ...] = (*(stage.table for stage in DATA_STAGES), "aggregated")
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
    log: list[StageRecord] = []

    def record(stage: str, section: Any) -> None:
        settings = section.model_dump(mode="json") if section is not None else {}
        log.append(StageRecord(stage, section is not None, settings))

    stages = run_data_stages(data, [spec])[0]
    for stage in DATA_STAGES:
        record(stage.name, getattr(spec, stage.name))
    weights = weigh(tree, spec.weights)
    record("weights", spec.weights)
    aggregation = None
    aggregated = stages.last
    if spec.aggregate is not None:
        aggregation = aggregate(stages.last, tree, weights.used(), spec.aggregate.rule_for)
        aggregated = aggregation.values
    record("aggregate", spec.aggregate)
    ranks = rank_table(aggregated, spec.rank.ties)
    record("rank", spec.rank)
    per_stage: dict[str, Any] = {**stages.tables, **stages.results}
    return BuildResult(
        spec=spec,
        data=data,
        raw=stages.raw,
        aggregated=aggregated,
        ranks=ranks,
        weights=weights,
        aggregation=aggregation,
        log=tuple(log),
        **per_stage,
    )


@dataclass(frozen=True, eq=False)
class DataStageOutputs:
    """What the data stages of one spec give.

    Attributes
    ----------
    raw
        The indicators as read.
    tables
        Each stage's output table, by :attr:`DataStage.table`; a skipped stage passes its input.
    results
        Each stage's result with its details, by :attr:`DataStage.result`; ``None`` if skipped.
    key
        The data-stage settings, equal for specs whose data stages agree (whose tables are then
        the same objects).
    """

    raw: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    results: dict[str, Any]
    key: tuple[str, ...]

    @property
    def last(self) -> pd.DataFrame:
        """The table the data stages end with: what weighting and aggregation start from."""
        return self.tables[DATA_STAGES[-1].table]


def run_data_stages(data: CompositeData, specs: Sequence[BuildSpec]) -> list[DataStageOutputs]:
    """Run the data stages of every spec in ``specs`` on ``data``, one output per spec.

    Specs that agree on the stages so far share their tables, and a stage is given every
    distinct setting that follows the same input at once (so one winsorisation walk serves
    several limits): the build passes one spec, the robustness analysis every combination of
    data-stage settings it draws, and both get the same numbers from the same functions.

    Raises
    ------
    SpecError
        A spec names codes, units, levels or columns the data lacks, or screening leaves no unit.
    """
    for spec in specs:
        _check_codes(spec, data)
    raw = data.indicators()
    tables: dict[tuple[str, ...], pd.DataFrame] = {(): raw}
    outputs = [DataStageOutputs(raw, {}, {}, ()) for _ in specs]
    for stage in DATA_STAGES:
        settings = [getattr(spec, stage.name) for spec in specs]
        keys = ["" if s is None else s.model_dump_json() for s in settings]
        pending: dict[tuple[str, ...], dict[str, Any]] = {}
        for out, key, setting in zip(outputs, keys, settings, strict=True):
            if setting is not None:
                pending.setdefault(out.key, {})[key] = setting
        results: dict[tuple[str, ...], Any] = {}
        for path, distinct in pending.items():
            found = stage.run(tables[path], list(distinct.values()), data)
            results.update({(*path, k): r for k, r in zip(distinct, found, strict=True)})
        for i, (out, key) in enumerate(zip(outputs, keys, strict=True)):
            path = (*out.key, key)
            result = results.get(path)
            if path not in tables:
                tables[path] = tables[out.key] if result is None else result.values
            outputs[i] = DataStageOutputs(
                raw,
                {**out.tables, stage.table: tables[path]},
                {**out.results, stage.result: result},
                path,
            )
    return outputs


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

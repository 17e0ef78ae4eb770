"""The index as a function of its uncertain inputs: draws on U(0, 1) in, scores and ranks out.

:class:`IndexModel` is prepared once from the data, the base spec and the VARY spec. A run maps
its draws to settings, and the settings to what the build computes from them: the data stages of
each distinct combination of data-stage settings run once, through the build's own
:func:`~stocktake.composite.build.run_data_stages`; the weights of each weight setting are
resolved once and multiplied by each replication's noise; each aggregation setting becomes its
rules. The replications are then aggregated by the build's
:class:`~stocktake.composite.aggregate.Aggregation` and ranked by the build's
:func:`~stocktake.composite.rank.rank_scores`, one chunk at a time so memory stays bounded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np
import pandas as pd

from stocktake.composite.aggregate import Aggregation, Replications
from stocktake.composite.build import DATA_STAGES, run_data_stages, select_time
from stocktake.composite.data import CompositeData
from stocktake.composite.means import InvalidValue
from stocktake.composite.rank import rank_scores
from stocktake.composite.spec import AggregationRule, BuildSpec
from stocktake.composite.spec_normalise import Ties
from stocktake.composite.weights import resolve_weights
from stocktake.sensitivity.threads import single_threaded_blas
from stocktake.sensitivity.vary import VaryError, VaryInput, VarySpec

Progress = Callable[[int, int], None]
"""Called after each chunk with the replications done and the total."""

WORKERS = min(2, os.cpu_count() or 1)
"""Chunks evaluated at once. numpy releases the interpreter lock in its array operations, so
two threads keep two cores busy; more gain little on the machines this is run on and multiply
the working memory."""

TIES: tuple[Ties, ...] = get_args(Ties)
"""Tie rules by position, as each run's rule is held."""

DEFAULT_CHUNK_BYTES = 24 * 2**20
"""Working memory per chunk of replications; larger chunks are barely faster."""

DATA_STAGE_NAMES: tuple[str, ...] = tuple(stage.name for stage in DATA_STAGES)

RANK_BYTES_PER_UNIT = 48
"""Working memory of ranking one replication, per unit (a sort order, the sorted scores, the
positions and the ranks)."""


@dataclass(frozen=True)
class Outputs:
    """Scores and ranks of the target code in each replication (replications × units)."""

    scores: np.ndarray
    ranks: np.ndarray


@dataclass(frozen=True)
class _Runs:
    """Everything that differs between the runs (the nominal build first), as arrays."""

    variants: list[np.ndarray]  # the distinct normalised matrices, a row per unit
    kept: list[np.ndarray]  # per matrix, the units its build keeps
    rules: list[AggregationRule]  # the distinct aggregation rules
    replications: Replications
    ties: np.ndarray  # per run, its tie rule's position in TIES


class IndexModel:
    """A build whose settings are drawn per replication, evaluated without rebuilding.

    Parameters
    ----------
    data
        Checked unit data and metadata.
    spec
        The nominal build spec; every setting the VARY spec does not name keeps its value.
    vary
        The uncertain inputs.
    code
        The aggregate (or indicator) whose scores and ranks are analysed; the index (the top of
        the hierarchy) by default.
    chunk_bytes
        Working memory allowed per chunk of replications.
    """

    def __init__(
        self,
        data: CompositeData,
        spec: BuildSpec,
        vary: VarySpec,
        *,
        code: str | None = None,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    ) -> None:
        if spec.aggregate is None:
            raise VaryError(
                "the build spec has no 'aggregate' stage, so there is no index to rank; add "
                "aggregate: {method: arithmetic}"
            )
        for one in vary.inputs:
            if one.stage == "time":
                raise VaryError(
                    "'time' cannot be varied: it selects other data, not another assumption"
                )
        self.data = select_time(data, spec.time)
        self.spec = spec
        self.vary = vary
        self.tree = data.hierarchy
        self.code = code or self.tree.top[0]
        if self.code not in self.tree.level:
            raise VaryError(f"'{self.code}' is not an indicator or aggregate of the index")
        self.chunk_bytes = chunk_bytes
        self.units = self.data.units.index
        self._noise_nodes = self._perturbed_nodes(vary.noise)
        self.widths = tuple(
            self._noise_nodes.size if one.kind == "noise" else 1 for one in vary.inputs
        )

    # -- public ---------------------------------------------------------------------------

    def run(self, u: np.ndarray, *, progress: Progress | None = None) -> tuple[Outputs, Outputs]:
        """The nominal build's outputs (one row) and those of each row of draws ``u``
        (replications × ``sum(widths)``).

        The nominal build is evaluated with the replications, by the same code, so the rank
        shifts compare like with like.

        Raises
        ------
        AggregationError
            When a replication's aggregation meets a value its method cannot use; the message
            gives that replication's settings.
        """
        n = len(u)
        choices = self._choices(u)
        runs = self._runs(choices, u)
        engine = Aggregation(self.tree, runs.variants, runs.kept, runs.rules, self._computed())
        order = runs.replications.segment_order()
        scores = np.empty((n + 1, len(self.units)))
        ranks = np.empty_like(scores)
        per_replication = engine.bytes_per_replication() + RANK_BYTES_PER_UNIT * len(self.units)
        per_chunk = max(1, self.chunk_bytes // per_replication)

        def chunk(start: int) -> int:
            rows = order[start : start + per_chunk]
            values = self._scores(engine, runs, rows, choices)
            scores[rows] = values
            for how in np.unique(runs.ties[rows]):
                mine = runs.ties[rows] == how
                ranks[rows[mine]] = rank_scores(values[mine], TIES[how], axis=-1)
            return rows.size

        done = 0
        with single_threaded_blas(), ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for size in pool.map(chunk, range(0, n + 1, per_chunk)):
                done += size
                if progress is not None:
                    progress(min(n, done), n)
        return Outputs(scores[:1], ranks[:1]), Outputs(scores[1:], ranks[1:])

    def replication_spec(self, u_row: np.ndarray) -> BuildSpec:
        """The full build spec of the replication drawn as ``u_row``, weight noise included as
        ``weights.values``: building it with :func:`stocktake.composite.build.build` gives that
        replication's scores, so any replication can be inspected stage by stage."""
        u = np.asarray(u_row, dtype=float).reshape(1, -1)
        choices = self._choices(u)
        changes: dict[str, Any] = {
            one.name: one.setting(c[0]) for one, c in zip(self.vary.settings, choices, strict=True)
        }
        spec = self.spec.updated(changes, source="the replication's spec")
        if self.vary.noise is None:
            return spec
        weights = self._weights(choices, u)[1]
        codes = self.tree.codes
        values = {**spec.weights.values}
        values.update({codes[i]: float(weights[i]) for i in self._noise_nodes})
        return spec.updated({"weights.values": values}, source="the replication's spec")

    def settings(self, u: np.ndarray) -> pd.DataFrame:
        """The setting each replication used: the alternative's number (from 0) for a discrete
        input, the value for a range; weight noise is left out (one multiplier per weight)."""
        choices = self._choices(u)
        return pd.DataFrame(
            {one.name: c for one, c in zip(self.vary.settings, choices, strict=True)}
        )

    # -- mapping draws to settings --------------------------------------------------------

    def _choices(self, u: np.ndarray) -> list[np.ndarray]:
        """Each settings input's mapped draws (alternative numbers or values), one per row."""
        out = []
        start = 0
        for one, width in zip(self.vary.inputs, self.widths, strict=True):
            if one.kind != "noise":
                out.append(one.choose(u[:, start]))
            start += width
        return out

    def _distinct(
        self, choices: list[np.ndarray], stages: Sequence[str], n: int
    ) -> tuple[list[BuildSpec], np.ndarray]:
        """The distinct specs that ``stages`` need, the nominal spec first, and which spec each
        of the ``n + 1`` runs uses (run 0 is the nominal build, then one per replication)."""
        idx = [i for i, one in enumerate(self.vary.settings) if one.stage in stages]
        if not idx:
            return [self.spec], np.zeros(n + 1, dtype=np.int64)
        table = np.column_stack([choices[i].astype(float) for i in idx])
        rows, inverse = np.unique(table, axis=0, return_inverse=True)
        specs = [self.spec, *(self._spec_for(row, idx) for row in rows)]
        return specs, np.concatenate([[0], inverse.reshape(-1) + 1]).astype(np.int64)

    def _spec_for(self, row: np.ndarray, idx: list[int]) -> BuildSpec:
        inputs: list[VaryInput] = [self.vary.settings[i] for i in idx]
        changes: dict[str, Any] = {
            one.name: one.setting(value) for one, value in zip(inputs, row, strict=True)
        }
        label = ", ".join(f"{k} = {v!r}" for k, v in changes.items())
        return self.spec.updated(changes, source=f"the spec with {label}")

    def _runs(self, choices: list[np.ndarray], u: np.ndarray) -> _Runs:
        n = len(u)
        variant, matrices, kept = self._data(choices, n)
        rule, rules = self._rules(choices, n)
        return _Runs(
            variants=matrices,
            kept=kept,
            rules=rules,
            replications=Replications(variant, self._weights(choices, u), rule),
            ties=self._ties(choices, n),
        )

    def _data(
        self, choices: list[np.ndarray], n: int
    ) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Which normalised matrix each run starts from, the distinct matrices (a row per unit,
        NaN for a unit screened out) and the units each keeps."""
        specs, inverse = self._distinct(choices, DATA_STAGE_NAMES, n)
        position: dict[tuple[str, ...], int] = {}
        matrices: list[np.ndarray] = []
        kept: list[np.ndarray] = []
        remap = []
        for stages in run_data_stages(self.data, specs):
            if stages.key not in position:
                position[stages.key] = len(matrices)
                keep = self.units.isin(stages.last.index)
                matrix = np.full((len(self.units), len(self.tree.indicators)), np.nan)
                matrix[keep] = stages.last.loc[:, list(self.tree.indicators)].to_numpy(dtype=float)
                matrices.append(matrix)
                kept.append(keep)
            remap.append(position[stages.key])
        return np.array(remap, dtype=np.int64)[inverse], matrices, kept

    def _weights(self, choices: list[np.ndarray], u: np.ndarray) -> np.ndarray:
        """Each run's weights (runs × nodes): its weight setting's, times its noise."""
        specs, inverse = self._distinct(choices, ("weights",), len(u))
        resolved = [resolve_weights(self.tree, s.weights) for s in specs]
        table = np.array([[one[c] for c in self.tree.codes] for one in resolved])
        weights = table[inverse]
        noise = self.vary.noise
        if noise is not None:
            start = int(sum(self.widths[: self.vary.inputs.index(noise)]))
            draws = u[:, start : start + self._noise_nodes.size]
            weights[1:, self._noise_nodes] *= noise.choose(draws)
        return weights

    def _rules(self, choices: list[np.ndarray], n: int) -> tuple[np.ndarray, list[AggregationRule]]:
        """Each run's rule per aggregate, as positions in the distinct rules returned."""
        specs, inverse = self._distinct(choices, ("aggregate",), n)
        aggregates = self.tree.aggregates
        rules: dict[AggregationRule, int] = {}
        table = np.zeros((len(specs), len(aggregates)), dtype=np.int64)
        for s, spec in enumerate(specs):
            if spec.aggregate is None:
                raise VaryError("a varied setting switches aggregation off; every run needs it")
            for a, code in enumerate(aggregates):
                rule = spec.aggregate.rule_for(code, self.tree.level[code])
                table[s, a] = rules.setdefault(rule, len(rules))
        return table[inverse], list(rules)

    def _ties(self, choices: list[np.ndarray], n: int) -> np.ndarray:
        """Each run's tie rule, as its position in :data:`TIES`."""
        specs, inverse = self._distinct(choices, ("rank",), n)
        codes = np.array([TIES.index(spec.rank.ties) for spec in specs], dtype=np.int64)
        return codes[inverse]

    def _perturbed_nodes(self, noise: VaryInput | None) -> np.ndarray:
        """Positions (in ``Hierarchy.codes``) of the weights the noise multiplies: every node
        with a parent, or those at the noise's levels."""
        if noise is None:
            return np.zeros(0, dtype=np.int64)
        levels = noise.levels
        nodes = [
            i
            for i, c in enumerate(self.tree.codes)
            if self.tree.parent[c] is not None and (levels is None or self.tree.level[c] in levels)
        ]
        if not nodes:
            raise VaryError(
                f"weights noise at levels {list(levels or [])} perturbs no weight; the index has "
                f"levels 1 to {self.tree.max_level - 1} below the top"
            )
        return np.array(nodes, dtype=np.int64)

    # -- evaluation -----------------------------------------------------------------------

    def _computed(self) -> list[str]:
        """The aggregates the analysis needs: the analysed code, when it is an aggregate."""
        return [self.code] if self.code in self.tree.aggregates else []

    def _scores(
        self, engine: Aggregation, runs: _Runs, rows: np.ndarray, choices: list[np.ndarray]
    ) -> np.ndarray:
        """The target's scores (runs × units) of the runs ``rows``."""
        reps = runs.replications.take(rows)
        if self.code in self.tree.indicators:
            column = self.tree.indicators.index(self.code)
            return np.stack([runs.variants[v][:, column] for v in reps.variant])
        try:
            return engine.scores(reps, [self.code])[0]
        except InvalidValue as bad:
            run = int(rows[bad.replication])
            raise bad.error(list(self.units), self._where(run, choices)) from None

    def _where(self, run: int, choices: list[np.ndarray]) -> str:
        """Run ``run`` (0 = nominal) described by its settings, for an error message."""
        if run == 0:
            return " (in the nominal build)"
        settings = [
            f"{one.name} = {one.setting(c[run - 1])!r}"
            for one, c in zip(self.vary.settings, choices, strict=True)
        ]
        return (
            f" (replication {run}: {', '.join(settings)})" if settings else f" (replication {run})"
        )

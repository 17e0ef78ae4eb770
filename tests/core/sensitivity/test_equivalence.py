"""Every replication of the fast path equals a full build of its own settings, on awkward data.

Hypothesis draws small indices with gaps, units without any data in a pillar, tied and constant
indicators and negative values, and a build spec and VARY file from every normaliser, treatment
and mean the spec allows. Each replication's scores must equal ``build()`` of that replication's
spec to 1e-12, its ranks must be the build's (a unit whose score the build ties, to within
1e-9, with others may take any rank of that group), and a replication the build refuses must
make the analysis refuse too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from stocktake.composite import CompositeError, build
from stocktake.composite.data import CompositeData
from stocktake.composite.spec import parse_spec
from stocktake.sensitivity import IndexModel, parse_vary

from .conftest import three_levels

TOLERANCE = 1e-12
NEAR_TIE = 1e-9

NORMALISERS: list[dict[str, Any]] = [
    {"method": "minmax", "range": [1, 100]},
    {"method": "minmax"},
    {"method": "zscore", "mean": 10, "sd": 2},
    {"method": "rank", "ties": "average"},
    {"method": "percentile_rank"},
    {"method": "borda", "ties": "max"},
    {"method": "distance_to_max"},
    {"method": "distance_to_reference", "unit": "U1", "cap": True},
    {"method": "distance_to_target", "target": 10},
    {"method": "fraction_of_max"},
    {"method": "goalposts", "lower": -10, "upper": 10},
    {"method": "none"},
]
TREATMENTS: list[dict[str, Any] | None] = [
    None,
    {"method": "winsorise_then_log", "winmax": 2},
    {"method": "winsorise", "winmax": 1},
    {"method": "log", "skew": 0.5},
    {"method": "winsorise_then_log", "winmax": 1, "combine": True, "skew": 0.5},
]
MEANS: list[dict[str, Any]] = [
    {"method": "arithmetic"},
    {"method": "geometric"},
    {"method": "harmonic"},
    {"method": "power", "p": 2},
    {"method": "power", "p": -1},
    {"method": "power", "p": 0.5},
    {"method": "copeland"},
    {"method": "arithmetic", "min_availability": 0.6},
]
CELLS = st.one_of(
    st.just(np.nan),
    st.sampled_from([-3.0, 0.0, 1.0, 2.0, 2.0, 5.0]),
    st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 3)),
)


@st.composite
def indices(draw: st.DrawFn) -> CompositeData:
    """3–7 units, 2–3 pillars of 1–3 indicators; gaps, ties, a constant column, negative values,
    and possibly a unit without any value in the first pillar."""
    n_units = draw(st.integers(3, 7))
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    codes = [f"i{p}{j}" for p, size in enumerate(sizes) for j in range(size)]
    parents = [f"P{p}" for p, size in enumerate(sizes) for _ in range(size)]
    values = np.array(
        draw(st.lists(CELLS, min_size=n_units * len(codes), max_size=n_units * len(codes)))
    )
    values = values.reshape(n_units, len(codes))
    if draw(st.booleans()):
        values[:, draw(st.integers(0, len(codes) - 1))] = 4.0  # a constant indicator
    if draw(st.booleans()):
        values[0, : sizes[0]] = np.nan  # U1 has no data in P0
    units = pd.DataFrame(values, columns=codes)
    units.insert(0, "uCode", [f"U{u + 1}" for u in range(n_units)])
    pillars = [f"P{p}" for p in range(len(sizes))]
    weights = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=len(codes) + len(sizes)))
    directions = draw(st.lists(st.sampled_from([1, -1]), min_size=len(codes)))
    try:
        return three_levels(
            units,
            dict(zip(codes, parents, strict=True)),
            weights=dict(zip([*codes, *pillars], weights, strict=False)),
            directions=dict(zip(codes, directions, strict=False)),
        )
    except CompositeError:
        assume(False)
        raise


def pairs(options: list[Any]) -> st.SearchStrategy[list[Any]]:
    """Two different alternatives from ``options``."""
    return st.lists(st.sampled_from(options), min_size=2, max_size=2, unique_by=repr)


@st.composite
def analyses(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A base spec and a VARY file whose alternatives start from it."""
    normalisers, treatments, means = (
        draw(pairs(NORMALISERS)),
        draw(pairs(TREATMENTS)),
        draw(pairs(MEANS)),
    )
    spec: dict[str, Any] = {
        "normalise": normalisers[0],
        "aggregate": means[0],
        "treat": treatments[0],
    }
    vary: dict[str, Any] = {
        "normalise": {"values": normalisers},
        "treat": {"values": treatments},
        "aggregate": {"values": means},
    }
    if draw(st.booleans()):
        vary["weights"] = {"noise": 0.3}
    if draw(st.booleans()):
        spec["impute"] = {"method": "median"}
        vary["impute"] = {"values": [{"method": "median"}, None]}
    if draw(st.booleans()):
        spec["screen"] = {"min_availability": 0.5}
        vary["screen.min_availability"] = {"values": [0.5, 0.9]}
    if draw(st.booleans()):
        vary["rank.ties"] = {"values": ["min", "max", "average", "first"]}
    return spec, {"vary": vary}


def assert_ranks_agree(fast: np.ndarray, scores: np.ndarray, ranks: np.ndarray) -> None:
    """``fast`` is ``ranks`` except that a unit whose score ties (to within ``NEAR_TIE``) with
    others may take any rank of its tie group."""
    np.testing.assert_array_equal(np.isnan(fast), np.isnan(ranks))
    for i in np.flatnonzero(~np.isnan(scores)):
        near = np.abs(scores - scores[i]) <= NEAR_TIE * max(1.0, abs(scores[i]))
        if near.sum() == 1:
            assert fast[i] == ranks[i]
        else:
            first = np.sum(scores > scores[i] + NEAR_TIE * max(1.0, abs(scores[i]))) + 1
            assert first <= fast[i] <= first + near.sum() - 1


@settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(indices(), analyses(), st.integers(0, 2**16))
def test_every_replication_equals_a_build_of_its_own_spec(
    data: CompositeData, analysis: tuple[dict[str, Any], dict[str, Any]], seed: int
) -> None:
    spec = parse_spec(analysis[0])
    model = IndexModel(data, spec, parse_vary(analysis[1], spec))
    u = np.random.default_rng(seed).random((4, sum(model.widths)))
    runs = [spec, *(model.replication_spec(row) for row in u)]
    builds: list[Any] = []
    for one in runs:
        try:
            builds.append(build(data, one))
        except CompositeError as refused:
            builds.append(refused)

    refusals = [type(b) for b in builds if isinstance(b, CompositeError)]
    if refusals:
        event(f"refused: {refusals[0].__name__}")
        try:
            model.run(u)
        except CompositeError as refused:
            assert type(refused) in refusals
            return
        raise AssertionError(f"the analysis ran where a build refused with {refusals}")
    nominal, outputs = model.run(u)
    event("compared")

    for r, full in enumerate(builds):
        scores = full.aggregated["Index"].reindex(model.units).to_numpy()
        ranks = full.ranks["Index"].reindex(model.units).to_numpy()
        fast = nominal if r == 0 else outputs
        row = 0 if r == 0 else r - 1
        np.testing.assert_allclose(fast.scores[row], scores, rtol=TOLERANCE, atol=TOLERANCE)
        assert_ranks_agree(fast.ranks[row], scores, ranks)

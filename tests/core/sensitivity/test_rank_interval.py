"""Rank intervals: the ranks between which a unit stays in a share of the replications."""

from __future__ import annotations

import numpy as np
import pytest

from stocktake.composite.data import CompositeData
from stocktake.composite.spec import BuildSpec
from stocktake.errors import StocktakeError
from stocktake.sensitivity import uncertainty_analysis
from stocktake.sensitivity.vary import VarySpec


def test_interval_bounds_are_ranks_reached_holding_the_coverage(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    result = uncertainty_analysis(index, spec, jrc_vary, n=400, random_state=0)

    low, high = result.rank_interval(0.95)

    for unit in range(len(result.units)):
        ranks = result.ranks[:, unit]
        assert low[unit] in ranks and high[unit] in ranks
        inside = np.mean((ranks >= low[unit]) & (ranks <= high[unit]))
        assert inside >= 0.95
        assert np.mean(ranks < low[unit]) <= 0.025 and np.mean(ranks > high[unit]) <= 0.025


def test_a_wider_coverage_never_gives_a_narrower_interval(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    result = uncertainty_analysis(index, spec, jrc_vary, n=200, random_state=0)

    low90, high90 = result.rank_interval(0.9)
    low95, high95 = result.rank_interval(0.95)

    assert np.all(low95 <= low90) and np.all(high95 >= high90)


def test_a_unit_never_ranked_has_no_interval(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec
) -> None:
    result = uncertainty_analysis(index, spec, jrc_vary, n=50, random_state=0)
    ranks = result.ranks.copy()
    ranks[:, 0] = np.nan
    unranked = type(result)(**{**result.__dict__, "ranks": ranks})

    low, high = unranked.rank_interval()

    assert np.isnan(low[0]) and np.isnan(high[0])
    assert not np.isnan(low[1:]).any()


@pytest.mark.parametrize("coverage", [0.0, 1.0, -0.5, 95])
def test_a_coverage_outside_zero_to_one_is_refused_in_a_sentence(
    index: CompositeData, spec: BuildSpec, jrc_vary: VarySpec, coverage: float
) -> None:
    result = uncertainty_analysis(index, spec, jrc_vary, n=10, random_state=0)

    with pytest.raises(StocktakeError, match="coverage must be between 0 and 1"):
        result.rank_interval(coverage)

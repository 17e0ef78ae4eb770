"""Stocktake assessments as composite input: the framework's tree becomes the index's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import CompositeError, build, from_framework
from stocktake.frameworks import Framework, load_framework

MINI = Path(__file__).parents[1] / "data" / "mini.yaml"


@pytest.fixture
def mini() -> Framework:
    return load_framework(MINI)


def scores() -> pd.DataFrame:
    return pd.DataFrame(
        {"G1": [0, 2, 4], "G2": [1, 0, 1], "E1": [2, 3, 4], "E2": [1.5, 4, 0], "E3": [0, 1, 2]},
        index=["c1", "c2", "c3"],
    )


def test_groups_become_aggregates_and_the_framework_the_index(mini: Framework) -> None:
    data = from_framework(mini, scores())
    tree = data.hierarchy

    assert tree.indicators == ("G1", "G2", "E1", "E2", "E3")
    assert (tree.level["gov"], tree.level["env-nature"], tree.level["env"]) == (2, 2, 3)
    assert tree.top == ("mini",) and tree.level["mini"] == 4
    assert tree.parent["gov"] == "mini" and tree.parent["env-nature"] == "env"
    assert data.meta.at["G1", "iName"] == "Coordination"


def test_goalposts_score_points_against_the_attainable_range(mini: Framework) -> None:
    result = build(from_framework(mini, scores()), {"normalise": {"method": "goalposts"}})

    assert result.normalised.loc["c2"].tolist() == [50.0, 0.0, 75.0, 100.0, 50.0]


def test_the_index_aggregates_through_an_uneven_tree(mini: Framework) -> None:
    agg = build(
        from_framework(mini, scores()), {"normalise": {"method": "goalposts"}, "aggregate": {}}
    ).aggregated

    c1 = agg.loc["c1"]
    assert c1["gov"] == 50.0
    assert c1["env"] == c1["env-nature"] == pytest.approx((50 + 37.5 + 0) / 3)
    assert c1["mini"] == pytest.approx((c1["gov"] + c1["env"]) / 2)


def test_scores_on_a_hundred_scale_get_hundred_goalposts(mini: Framework) -> None:
    data = from_framework(mini, scores() * 25, values="scores")

    assert data.meta.at["G1", "goalpost_upper"] == 100.0


def test_unscored_indicators_are_missing_and_unknown_ones_refused(mini: Framework) -> None:
    data = from_framework(mini, scores().drop(columns=["E3"]))
    assert np.isnan(data.units["E3"]).all()

    with pytest.raises(CompositeError, match="column 'X9' is not an indicator of framework"):
        from_framework(mini, scores().assign(X9=1))

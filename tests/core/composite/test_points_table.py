"""Cities' consolidated points as a cities × indicators table, as a consolidation or a stored
result gives them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from stocktake.answers import Answer
from stocktake.composite.assessments import consolidated_table, points_table
from stocktake.frameworks import Framework, load_framework

MINI = Path(__file__).parents[1] / "data" / "mini.yaml"


@pytest.fixture
def mini() -> Framework:
    return load_framework(MINI)


def test_missing_points_stay_missing_and_every_indicator_is_a_column(mini: Framework) -> None:
    table = points_table(mini, {"c1": {"G1": 2.0, "E1": None}, "c2": {"G1": 4.0, "E1": 3.0}})

    assert list(table.columns) == [i.id for i in mini.indicators()]
    assert table.at["c1", "G1"] == 2.0 and np.isnan(table.at["c1", "E1"])
    assert table["E3"].isna().all()


def test_scores_run_zero_to_one_hundred_of_each_indicators_range(mini: Framework) -> None:
    table = points_table(mini, {"c1": {"G1": 2.0}}, values="scores")

    indicator = mini.indicator("G1")
    expected = (2.0 - indicator.min_points) / (indicator.max_points - indicator.min_points) * 100
    assert table.at["c1", "G1"] == pytest.approx(expected)


def test_consolidated_answers_give_the_same_table_as_their_points(mini: Framework) -> None:
    answers = {
        "c1": [Answer(indicator="G1", value=2, department="a", city="c1")],
        "c2": [Answer(indicator="G1", value=4, department="a", city="c2")],
    }

    from_answers = consolidated_table(mini, answers)
    from_points = points_table(mini, {"c1": {"G1": 2.0}, "c2": {"G1": 4.0}})

    assert from_answers.equals(from_points)

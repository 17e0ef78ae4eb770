from __future__ import annotations

import pytest

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.frameworks import Framework
from stocktake.scoring import score_assessment


def test_mean_rule_averages_children_on_zero_to_hundred(mini: Framework) -> None:
    answers = [
        Answer("G1", 1, department="planning"),
        Answer("G1", 3, department="environment"),
        Answer("G2", "yes"),
        Answer("E1", 7.0),
        Answer("E2", 25),
    ]
    result = score_assessment(mini, answers)
    assert result.groups["gov"].score == 62.5  # mean of G1 lower median 1/4 -> 25 and G2 100
    assert result.groups["env-nature"].score == 50.0  # E1 2/4 and E2 2/4; E3 unanswered
    assert result.groups["env"].score == 50.0
    assert result.total.score == 56.25
    assert result.total.coverage == 0.8
    assert result.pathways["equitable"].score == 25.0
    assert result.pathways["circular"].score is None
    assert [d.id for d in result.dimensions] == ["gov", "env"]
    assert result.framework == "mini@1.0.0"


def test_weights_are_rescaled_over_scored_children() -> None:
    framework = build_framework(
        [group("g", maturity("A", weight=3), maturity("B", weight=1), maturity("C"))]
    )
    result = score_assessment(framework, [Answer("A", 4), Answer("B", 0)])
    assert result.groups["g"].score == 75.0  # (3*100 + 1*0) / 4; C is missing, not zero


def test_sum_rule_scores_against_attainable_maximum() -> None:
    framework = build_framework(
        [
            group("c1", maturity("A"), maturity("B"), maturity("S", optional=True)),
            group("c2", maturity("D")),
        ],
        method="sum",
    )
    result = score_assessment(framework, [Answer("A", 3), Answer("B", 1), Answer("D", 4)])
    c1 = result.groups["c1"]
    assert (c1.points, c1.max_points, c1.attainable_max, c1.score) == (4.0, 12.0, 8.0, 50.0)
    assert c1.coverage == 1.0  # the optional indicator is not expected until answered
    assert result.total.points == 8.0
    assert result.total.attainable_max == 12.0
    assert result.total.score == pytest.approx(100 * 8 / 12)


def test_nothing_answered_gives_no_score_and_zero_coverage(mini: Framework) -> None:
    result = score_assessment(mini, [])
    assert result.total.score is None
    assert result.total.coverage == 0.0
    assert all(s.points is None for s in result.indicators.values())


def test_result_records_unverified_tables_and_is_json_ready(mini: Framework) -> None:
    import json

    result = score_assessment(mini, [Answer("E1", 3.0)])
    assert result.unverified == ["E1"]
    record = json.loads(json.dumps(result.to_dict()))
    assert record["framework"] == "mini@1.0.0"
    assert record["indicators"]["E1"]["points"] == 1.0
    frame = result.to_frame()
    assert set(frame["level"]) == {"total", "group", "pathway", "indicator"}

from __future__ import annotations

import pytest

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.consolidate import consolidate
from stocktake.errors import StocktakeError
from stocktake.frameworks import Framework
from stocktake.priorities import PriorityWeights, rank_priorities


@pytest.fixture
def four() -> Framework:
    return build_framework(
        [group("g", *(maturity(i) for i in ("A", "B", "C", "D")))], target_share=0.75
    )


def test_largest_gap_ranks_first_when_all_else_is_equal(four: Framework) -> None:
    answers = [Answer("A", 2), Answer("B", 0), Answer("C", 1), Answer("D", 4)]
    ranked = rank_priorities(four, answers)
    assert [p.indicator for p in ranked] == ["B", "C", "A"]  # D is above target: not listed
    assert [p.rank for p in ranked] == [1, 2, 3]
    assert ranked[0].gap == 1.0
    assert ranked[0].reasons[0].text == "At level 0 of 4, 3 below the target of 3."


def test_indicator_at_target_is_not_an_area_for_development(four: Framework) -> None:
    assert rank_priorities(four, [Answer("A", 3), Answer("B", 4)]) == []


def test_support_requests_lift_an_equal_gap(four: Framework) -> None:
    answers = [
        Answer("A", 1, department="a"),
        Answer("B", 1, department="a", support_needed=("training", "finance")),
        Answer("B", 1, department="b", support_needed=("training",)),
    ]
    ranked = rank_priorities(four, answers)
    assert [p.indicator for p in ranked] == ["B", "A"]
    assert ranked[0].support == {"training": 2, "finance": 1}
    assert ranked[0].reasons[-1].text == (
        "2 of 2 departments asked for support: training (2), finance (1)."
    )


def test_importance_breaks_an_equal_gap(four: Framework) -> None:
    answers = [Answer("A", 1, importance=2), Answer("B", 1, importance=5)]
    ranked = rank_priorities(four, answers)
    assert [p.indicator for p in ranked] == ["B", "A"]
    assert ranked[0].importance == 5
    assert ranked[0].reasons[1].text == "Departments rate its importance 5.0 of 5."


def test_disagreement_is_a_reason_and_raises_the_score(four: Framework) -> None:
    answers = [
        Answer("A", 1, department="a"),
        Answer("A", 1, department="b"),
        Answer("B", 0, department="a"),
        Answer("B", 2, department="b"),
    ]
    ranked = rank_priorities(four, answers)
    assert [p.indicator for p in ranked] == ["B", "A"]  # both at level 1 after the lower median
    assert ranked[0].disagreement is True
    assert ranked[0].reasons[-1].text == "Departments disagree (levels 0 to 2); not yet reconciled."


def test_score_follows_the_documented_formula(four: Framework) -> None:
    answers = [
        Answer("A", 1, department="a", importance=4, support_needed=("data",)),
        Answer("A", 1, department="b", importance=5),
    ]
    (only,) = rank_priorities(four, answers)
    gap, importance, support, spread = 2 / 3, (4.5 - 1) / 4, 1 / 2, 0.0
    expected = 100 * (0.5 * gap + 0.2 * importance + 0.2 * support + 0.1 * spread) / 1.0
    assert only.score == pytest.approx(expected, abs=1e-6)


def test_top_limits_and_ties_follow_framework_order(four: Framework) -> None:
    answers = [Answer(i, 0) for i in ("D", "C", "B", "A")]
    assert [p.indicator for p in rank_priorities(four, answers, top=2)] == ["A", "B"]


def test_unanswered_indicators_are_not_ranked(four: Framework) -> None:
    assert [p.indicator for p in rank_priorities(four, [Answer("C", 0)])] == ["C"]


def test_bad_weights_and_top_are_refused(four: Framework) -> None:
    with pytest.raises(StocktakeError, match="at least one must be positive"):
        PriorityWeights(gap=0, importance=0, support=0, disagreement=0)
    with pytest.raises(StocktakeError, match="at least 1"):
        rank_priorities(four, [], top=0)


def test_ten_key_areas_by_default() -> None:
    framework = build_framework([group("g", *(maturity(f"I{n:02d}") for n in range(14)))])
    ranked = rank_priorities(framework, [Answer(f"I{n:02d}", 1) for n in range(14)])
    assert len(ranked) == 10


def test_a_given_consolidation_is_used_rather_than_computed_again(four: Framework) -> None:
    answers = [
        Answer("A", 1, department="a", importance=5, support_needed=("data",)),
        Answer("A", 3, department="b"),
        Answer("B", 0, department="a"),
    ]
    settled = consolidate(four, [*answers, Answer("A", 3, reconciled=True)])
    ranked = rank_priorities(four, answers, consolidation=settled)
    assert [p.indicator for p in ranked] == ["B"]  # A is reconciled to the target level 3
    assert rank_priorities(four, answers) != ranked


def test_a_disagreement_on_points_says_points_once() -> None:
    """The reason once read "pointss" for an indicator scored in points rather than levels."""
    choice = {
        "id": "P",
        "type": "choice",
        "title": "Indicator P",
        "options": [{"id": v, "label": v, "points": p} for v, p in (("x", 0), ("y", 3))],
    }
    framework = build_framework([group("g", choice)])
    answers = [Answer("P", "x", department="a"), Answer("P", "y", department="b")]

    ranked = rank_priorities(framework, answers)

    assert ranked[0].reasons[-1].text == "Departments disagree (points 0 to 3); not yet reconciled."


def test_support_asked_by_the_only_department_answering_is_said_in_the_singular() -> None:
    """The reason once read "1 of 1 departments"."""
    yes_no = {"id": "Y", "type": "yes_no", "title": "Indicator Y"}
    framework = build_framework(
        [group("g", yes_no)], support_kinds=[{"id": "training", "label": "Training"}]
    )
    answers = [Answer("Y", "no", department="a", support_needed=("training",))]

    ranked = rank_priorities(framework, answers)

    assert "1 of 1 department asked for support: training (1)." in [
        reason.text for reason in ranked[0].reasons
    ]

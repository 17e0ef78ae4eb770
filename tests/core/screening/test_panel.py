"""Criteria rules, the panel's scores combined by their median, agreement and weight stability."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stocktake.consolidate import ordinal_alpha
from stocktake.screening import (
    Criterion,
    MissingScoresError,
    Score,
    ScoreMatrix,
    ScreeningError,
    check_criteria,
    combine_scores,
    normalised_weights,
    panel_agreement,
    screen,
    weight_sensitivity,
)

CRITERIA = [
    Criterion("agenda", 3, "benefit", (1, 5)),
    Criterion("emissions", 2, "benefit", (1, 5)),
    Criterion("cost", 1, "cost", (1, 5)),
]


def _panel(table: dict[str, dict[str, list[float]]]) -> list[Score]:
    """``{solution: {criterion: [score of scorer 0, 1, …]}}`` as scores."""
    return [
        Score(solution, criterion, value, f"dept{i}")
        for solution, by_criterion in table.items()
        for criterion, values in by_criterion.items()
        for i, value in enumerate(values)
    ]


FULL = {
    "bus lanes": {"agenda": [5, 4, 5], "emissions": [5, 5, 4], "cost": [2, 3, 2]},
    "green roofs": {"agenda": [3, 4, 3], "emissions": [2, 3, 2], "cost": [4, 4, 5]},
    "led lights": {"agenda": [2, 2, 3], "emissions": [3, 3, 3], "cost": [1, 1, 2]},
}


def test_weights_are_normalised_to_sum_to_one() -> None:
    assert normalised_weights(CRITERIA).tolist() == pytest.approx([0.5, 1 / 3, 1 / 6])


@pytest.mark.parametrize("weight", [-1.0, math.nan, math.inf])
def test_a_negative_or_non_finite_weight_is_refused(weight: float) -> None:
    with pytest.raises(ScreeningError, match="a weight is a number of 0 or more"):
        check_criteria([Criterion("agenda", weight)])


@pytest.mark.parametrize(
    "criterion",
    [
        Criterion("a", 1e308),
        Criterion("a", 1, scale=(-1e308, 1e308)),
        Criterion("a", 1, scale=(0, 2e15)),
    ],
)
def test_a_weight_or_scale_too_large_to_rank_is_refused(criterion: Criterion) -> None:
    with pytest.raises(ScreeningError, match="larger than 10\\^15 in size"):
        check_criteria([criterion])


def test_the_largest_scores_allowed_still_rank_in_order() -> None:
    criteria = [Criterion("tonnes", 1.0), Criterion("won", 1.0, "cost")]
    scores = [
        Score("big", "tonnes", 1e15),
        Score("big", "won", 1e15),
        Score("middling", "tonnes", 0.0),
        Score("middling", "won", 0.0),
        Score("worst", "tonnes", -1e15),
        Score("worst", "won", 1e15),
    ]

    for method in ("wsm", "topsis", "promethee"):
        result = screen(criteria, scores, method=method)
        assert all(math.isfinite(placed.score) for placed in result.solutions)
        assert [placed.solution for placed in result.solutions][-1] == "worst"


def test_a_score_too_large_to_rank_is_refused() -> None:
    scores = [Score("a", "tonnes", 1e308), Score("b", "tonnes", 0.0)]

    with pytest.raises(ScreeningError, match="larger than 10\\^15"):
        screen([Criterion("tonnes", 1.0)], scores, method="wsm")


def test_all_weights_zero_is_refused() -> None:
    with pytest.raises(ScreeningError, match="every criterion weighs 0"):
        check_criteria([Criterion("a", 0), Criterion("b", 0)])


def test_a_criterion_given_twice_is_refused() -> None:
    with pytest.raises(ScreeningError, match="the criterion a is given twice"):
        check_criteria([Criterion("a", 1), Criterion("a", 2)])


def test_an_empty_scale_is_refused() -> None:
    with pytest.raises(ScreeningError, match="the lowest score must be below the highest"):
        check_criteria([Criterion("a", 1, scale=(5, 5))])


def test_names_fall_back_to_english_then_to_the_id() -> None:
    named = Criterion("cost", 1, "cost", names={"en": "Cost", "ja": "費用"})

    assert (named.name("ja"), named.name("ko"), Criterion("x", 1).name("ja")) == (
        "費用",
        "Cost",
        "x",
    )


def test_scores_are_combined_by_their_median() -> None:
    matrix = combine_scores(_panel(FULL), CRITERIA)

    assert matrix.solutions == ("bus lanes", "green roofs", "led lights")
    assert matrix.to_frame().loc["bus lanes"].tolist() == [5.0, 5.0, 2.0]
    assert matrix.counts.tolist() == [[3, 3, 3]] * 3


def test_an_even_panel_takes_the_mean_of_the_middle_two() -> None:
    scores = _panel({"a": {"agenda": [2, 5], "emissions": [1, 1], "cost": [1, 1]}})

    assert combine_scores(scores, CRITERIA).values[0, 0] == 3.5


def test_one_outlying_scorer_does_not_move_the_median() -> None:
    scores = _panel({"a": {"agenda": [5, 5, 1], "emissions": [1, 1, 1], "cost": [1, 1, 1]}})

    assert combine_scores(scores, CRITERIA).values[0, 0] == 5.0


def test_missing_pairs_are_refused_each_named() -> None:
    table = {k: dict(v) for k, v in FULL.items()}
    del table["green roofs"]["cost"]
    del table["led lights"]["agenda"]

    with pytest.raises(MissingScoresError) as caught:
        combine_scores(_panel(table), CRITERIA)

    assert caught.value.missing == [("green roofs", "cost"), ("led lights", "agenda")]
    assert "no score for green roofs on cost, led lights on agenda" in str(caught.value)


def test_a_candidate_nobody_scored_is_missing_on_every_criterion() -> None:
    with pytest.raises(MissingScoresError) as caught:
        combine_scores(_panel(FULL), CRITERIA, solutions=[*FULL, "wind"])

    assert caught.value.missing == [("wind", "agenda"), ("wind", "emissions"), ("wind", "cost")]


def test_a_score_off_the_scale_is_refused() -> None:
    with pytest.raises(ScreeningError, match="outside its scale of 1 to 5"):
        combine_scores([Score("a", "agenda", 6)], CRITERIA)


def test_a_score_on_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(ScreeningError, match="the criterion beauty, which the screening"):
        combine_scores([Score("a", "beauty", 3)], CRITERIA)


def test_agreement_is_the_assessments_ordinal_alpha_over_the_pairs() -> None:
    scores = _panel(FULL)

    agreement = panel_agreement(scores, CRITERIA)

    units: dict[str, dict[str, float]] = {}
    for score in scores:
        units.setdefault(f"{score.solution}/{score.criterion}", {})[score.scorer] = (
            score.value - 1
        ) / 4
    assert agreement.overall == pytest.approx(ordinal_alpha(units))
    assert agreement.scorers == ("dept0", "dept1", "dept2")
    assert set(agreement.by_criterion) == {"agenda", "emissions", "cost"}


def test_a_panel_that_agrees_fully_has_alpha_one() -> None:
    same = {s: {c: [v[0]] * 3 for c, v in by.items()} for s, by in FULL.items()}

    assert panel_agreement(_panel(same), CRITERIA).overall == pytest.approx(1.0)


def test_a_criterion_without_a_scale_is_placed_on_the_range_of_its_scores() -> None:
    """A cost in thousands beside 1–5 scores: without a scale of its own it is placed on the
    range of the scores given, so its agreement weighs as a declared scale of that range."""
    scores = _panel(
        {
            "a": {"agenda": [1, 2], "cost": [1000, 5000]},
            "b": {"agenda": [3, 5], "cost": [4000, 2000]},
            "c": {"agenda": [5, 4], "cost": [3000, 3500]},
        }
    )
    unscaled = [CRITERIA[0], Criterion("cost", 1, "cost")]
    declared = [CRITERIA[0], Criterion("cost", 1, "cost", (1000, 5000))]

    assert panel_agreement(scores, unscaled).overall == pytest.approx(
        panel_agreement(scores, declared).overall
    )


def test_an_unscaled_criterion_scored_alike_by_everyone_agrees() -> None:
    scores = _panel({"a": {"cost": [7, 7]}, "b": {"cost": [7, 7]}, "c": {"agenda": [1, 5]}})

    agreement = panel_agreement(scores, [CRITERIA[0], Criterion("cost", 1, "cost")])

    assert agreement.overall is not None and agreement.overall < 1


def test_one_scorer_has_no_agreement_to_measure() -> None:
    one = {s: {c: v[:1] for c, v in by.items()} for s, by in FULL.items()}

    assert panel_agreement(_panel(one), CRITERIA).overall is None


def _matrix() -> ScoreMatrix:
    return combine_scores(_panel(FULL), CRITERIA)


def test_the_same_seed_gives_the_same_sensitivity() -> None:
    first = weight_sensitivity(_matrix(), CRITERIA, method="topsis", random_state=7)
    again = weight_sensitivity(_matrix(), CRITERIA, method="topsis", random_state=7)

    assert np.array_equal(first.ranks, again.ranks)
    assert first.to_frame().equals(again.to_frame())


def test_without_noise_every_rank_interval_is_the_nominal_rank() -> None:
    found = weight_sensitivity(_matrix(), CRITERIA, method="wsm", noise=0.0, samples=20)

    frame = found.to_frame()
    assert (frame["low"] == frame["rank"]).all() and (frame["high"] == frame["rank"]).all()
    assert found.leader_share == 1.0


def test_a_clear_leader_stays_first_under_weight_noise() -> None:
    found = weight_sensitivity(_matrix(), CRITERIA, method="promethee", random_state=0)

    assert found.solutions[0].solution == "bus lanes"
    assert found.leader_share == 1.0
    assert (found.solutions[0].low, found.solutions[0].high) == (1, 1)


def test_close_solutions_swap_under_weight_noise() -> None:
    criteria = [
        Criterion("agenda", 1, "benefit", (1, 5)),
        Criterion("emissions", 1, "benefit", (1, 5)),
    ]
    scores = _panel(
        {"a": {"agenda": [5], "emissions": [2]}, "b": {"agenda": [2], "emissions": [5]}}
    )
    matrix = combine_scores(scores, criteria)

    found = weight_sensitivity(matrix, criteria, method="wsm", noise=0.5, random_state=0)

    assert 0.3 < found.leader_share < 0.7
    assert all((s.best, s.worst) == (1, 2) for s in found.solutions)


def test_sensitivity_refuses_noise_of_one_or_more() -> None:
    with pytest.raises(ScreeningError, match="from 0 to below 1"):
        weight_sensitivity(_matrix(), CRITERIA, noise=1.0)


def test_the_ranking_of_the_panel() -> None:
    ranking = screen(CRITERIA, _panel(FULL), method="wsm")

    # bus lanes: (5-1)/4*1/2 + (5-1)/4*1/3 + (5-2)/4*1/6 = 0.5 + 0.3333 + 0.125
    assert ranking.to_records()[0] == {"solution": "bus lanes", "score": 0.958333, "rank": 1}

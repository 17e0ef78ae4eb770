"""The multi-criteria methods against the numbers pymcdm publishes, and small cases checked by hand.

The published examples are taken from the library's own documentation, each cited where it is
used; pymcdm's validation is off in Stocktake, so these also show that the matrix, the weights
and the ``types`` array reach the library the right way round.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.screening import (
    METHODS,
    Criterion,
    Score,
    ScreeningError,
    competition_ranks,
    preferences,
    screen,
)


def test_topsis_matches_the_pymcdm_readme_example() -> None:
    # pymcdm's README, "Usage example" (PyPI project page, pymcdm 1.0.3 and 1.0.4): four
    # alternatives, weights 0.5 and 0.5, types [1, -1]; printed output "3 0.6126, 4 0.0,
    # 2 0.7829, 1 1.0" (rank, preference).
    alts = np.array([[4, 4], [1, 5], [3, 2], [4, 2]], dtype=float)

    found = preferences(alts, np.array([0.5, 0.5]), np.array([1, -1]), method="topsis")

    assert np.round(found, 4).tolist() == [0.6126, 0.0, 0.7829, 1.0]
    assert competition_ranks(found).tolist() == [3, 4, 2, 1]


def test_topsis_matches_the_pymcdm_docstring_example_with_its_tie() -> None:
    # pymcdm 1.4.0, pymcdm.methods.TOPSIS docstring, "Examples": matrix [[1, 3000], [2, 3750],
    # [5, 4500]], weights [0.5, 0.5], types [-1, 1] -> [0.500, 0.617, 0.500].
    matrix = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)

    found = preferences(matrix, np.array([0.5, 0.5]), np.array([-1, 1]), method="topsis")

    assert np.round(found, 3).tolist() == [0.5, 0.617, 0.5]
    assert competition_ranks(found).tolist() == [2, 1, 2]


def test_weighted_sum_matches_the_pymcdm_docstring_example() -> None:
    # pymcdm 1.4.0, pymcdm.methods.WSM docstring, "Examples" (sum normalisation, the method's
    # default): -> [0.609, 0.313, 0.334, 0.265, 0.479].
    matrix = np.array(
        [[96, 83, 75, 7], [63, 5, 56, 9], [72, 30, 32, 48], [11, 4, 27, 9], [77, 21, 17, 11]]
    )
    weights = np.array([8 / 13, 5 / 13, 6 / 13, 7 / 13])

    found = preferences(matrix, weights, np.array([1, 1, -1, -1]), method="wsm")

    assert np.round(found, 3).tolist() == [0.609, 0.313, 0.334, 0.265, 0.479]


def test_promethee_ii_matches_the_pymcdm_docstring_example() -> None:
    # pymcdm 1.4.0, pymcdm.methods.PROMETHEE_II docstring, "Examples": usual preference function,
    # weights [0.5, 0.3, 0.2], three benefit criteria -> [0.1, -0.3, 0.2].
    matrix = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3]])

    found = preferences(matrix, np.array([0.5, 0.3, 0.2]), np.ones(3), method="promethee")

    assert np.round(found, 2).tolist() == [0.1, -0.3, 0.2]
    assert competition_ranks(found).tolist() == [2, 3, 1]


def _scores(table: dict[str, list[float]], criteria: list[Criterion]) -> list[Score]:
    return [
        Score(solution, criterion.id, value)
        for solution, values in table.items()
        for criterion, value in zip(criteria, values, strict=True)
    ]


def test_screening_without_scales_reproduces_the_readme_ranking() -> None:
    criteria = [Criterion("quality", 1), Criterion("price", 1, "cost")]
    table = {"a1": [4, 4], "a2": [1, 5], "a3": [3, 2], "a4": [4, 2]}

    ranking = screen(criteria, _scores(table, criteria), method="topsis")

    assert [(s.solution, s.rank) for s in ranking.solutions] == [
        ("a4", 1),
        ("a3", 2),
        ("a1", 3),
        ("a2", 4),
    ]
    assert [round(s.score, 4) for s in ranking.solutions] == [1.0, 0.7829, 0.6126, 0.0]


SCALED = [
    Criterion("agenda", 3, "benefit", (1, 5)),
    Criterion("emissions", 2, "benefit", (1, 5)),
    Criterion("cost", 1, "cost", (1, 5)),
]


@pytest.mark.parametrize("method", METHODS)
def test_a_dominated_solution_ranks_last(method: str) -> None:
    table = {"good": [5, 4, 2], "fair": [3, 5, 3], "dominated": [2, 3, 4]}

    ranking = screen(SCALED, _scores(table, SCALED), method=method)

    assert ranking.solutions[-1].solution == "dominated"
    assert ranking.solutions[-1].rank == 3


@pytest.mark.parametrize("method", METHODS)
def test_reversing_the_cost_direction_reverses_the_order(method: str) -> None:
    criteria = [Criterion("cost", 1, "cost", (1, 5))]
    table = {"cheap": [1], "dear": [5]}

    as_cost = screen(criteria, _scores(table, criteria), method=method)
    as_benefit = screen(
        [Criterion("cost", 1, "benefit", (1, 5))], _scores(table, criteria), method=method
    )

    assert [s.solution for s in as_cost.solutions] == ["cheap", "dear"]
    assert [s.solution for s in as_benefit.solutions] == ["dear", "cheap"]


@pytest.mark.parametrize("method", METHODS)
def test_tied_solutions_share_a_rank_and_the_next_is_skipped(method: str) -> None:
    criteria = [Criterion("agenda", 1, "benefit", (1, 5)), Criterion("cost", 1, "cost", (1, 5))]
    table = {"a": [5, 1], "b": [4, 2], "c": [4, 2], "d": [1, 5]}

    ranking = screen(criteria, _scores(table, criteria), method=method)

    assert [(s.solution, s.rank) for s in ranking.solutions] == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
    ]


def test_competition_ranks_treat_floating_point_noise_as_a_tie() -> None:
    assert competition_ranks(np.array([0.3, 0.1 + 0.2, 0.5])).tolist() == [2, 2, 1]


def test_noise_across_a_rounding_boundary_is_still_a_tie() -> None:
    """The same three numbers in another order: pymcdm's weighted sums differ in the 17th
    digit and fall either side of a ninth-decimal rounding boundary."""
    criteria = [Criterion(code, 1, "benefit", (0, 1)) for code in ("x", "y", "z")]
    odd, small, large = 0.124852, 0.075707, 0.6090626775000001
    table = {"a": (odd, small, large), "b": (large, small, odd), "c": (small, large, odd)}
    scores = [
        Score(solution, criterion.id, value)
        for solution, values in table.items()
        for criterion, value in zip(criteria, values, strict=True)
    ]

    ranking = screen(criteria, scores, method="wsm")

    assert [s.rank for s in ranking.solutions] == [1, 1, 1]


def test_values_closer_than_the_tolerance_always_share_a_rank() -> None:
    assert competition_ranks(np.array([0.7, 0.6999999993])).tolist() == [1, 1]
    assert competition_ranks(np.array([0.7, 0.6999999993, 0.7000000004])).tolist() == [1, 1, 1]
    assert competition_ranks(np.array([-0.7, -0.7 - 5e-10, -0.7 + 5e-10])).tolist() == [1, 1, 1]


def test_values_further_apart_than_the_tolerance_do_not_tie() -> None:
    assert competition_ranks(np.array([0.5, 0.5 - 2e-9, 0.5 - 4e-9])).tolist() == [1, 2, 3]
    # relative above 1: 3e6 and 3e6 - 1e-3 are 3.3e-10 apart in proportion, 1e-2 is 3.3e-9
    assert competition_ranks(np.array([3e6, 3e6 - 1e-2])).tolist() == [1, 2]
    assert competition_ranks(np.array([3e6, 3e6 - 1e-3])).tolist() == [1, 1]


def test_adding_a_candidate_never_splits_a_tie() -> None:
    pair = [0.7, 0.6999999993]
    for added in (0.7000000004, 0.6999999989, 0.5, 0.9, 0.69999999965):
        ranks = competition_ranks(np.array([*pair, added])).tolist()
        assert ranks[0] == ranks[1], added


def test_a_median_of_an_even_panel_carries_no_floating_point_noise_into_the_ranking() -> None:
    """0.1 and 0.2 have the mean 0.15000000000000002: without care TOPSIS and PROMETHEE II
    would put that candidate above one scored 0.15 by everyone, by a whole preference."""
    criteria = [Criterion("q", 1, "benefit", (0, 1)), Criterion("r", 1, "benefit", (0, 1))]
    scores = [
        Score("A", "q", 0.1, "x"),
        Score("A", "q", 0.2, "y"),
        Score("B", "q", 0.15, "x"),
        Score("B", "q", 0.15, "y"),
        *(Score(s, "r", 0.5, who) for s in "AB" for who in "xy"),
    ]

    for method in METHODS:
        ranking = screen(criteria, scores, method=method)
        assert [s.rank for s in ranking.solutions] == [1, 1], method


def test_competition_ranks_rank_every_row_of_a_matrix_alike() -> None:
    rows = np.array([[0.2, 0.9, 0.2], [0.5, 0.1, 0.7]])

    assert competition_ranks(rows).tolist() == [[2, 1, 2], [2, 3, 1]]


@pytest.mark.parametrize("method", METHODS)
def test_solutions_equal_on_everything_all_rank_first(method: str) -> None:
    criteria = [Criterion("agenda", 1, "benefit", (1, 5)), Criterion("cost", 1, "cost", (1, 5))]
    table = {"a": [3, 3], "b": [3, 3]}

    ranking = screen(criteria, _scores(table, criteria), method=method)

    assert [s.rank for s in ranking.solutions] == [1, 1]
    assert all(np.isfinite(s.score) for s in ranking.solutions)


def test_weights_count_only_by_their_share() -> None:
    table = {"a": [5, 2, 3], "b": [3, 5, 1], "c": [4, 4, 4]}
    doubled = [Criterion(c.id, c.weight * 20, c.direction, c.scale) for c in SCALED]

    once = screen(SCALED, _scores(table, SCALED), method="wsm")
    twice = screen(doubled, _scores(table, SCALED), method="wsm")

    assert once.to_records() == twice.to_records()
    assert sum(once.weights) == pytest.approx(1.0)


def test_weighted_sum_on_a_scale_does_not_depend_on_the_other_candidates() -> None:
    table = {"a": [5, 2, 3], "b": [3, 5, 1]}
    more = {**table, "c": [1, 1, 5]}

    alone = {
        s.solution: s.score for s in screen(SCALED, _scores(table, SCALED), method="wsm").solutions
    }
    beside = {
        s.solution: s.score for s in screen(SCALED, _scores(more, SCALED), method="wsm").solutions
    }

    assert alone["a"] == pytest.approx(beside["a"])
    # (5-1)/4 * 3/6 + (2-1)/4 * 2/6 + (5-3)/4 * 1/6 = 0.5 + 1/12 + 1/12
    assert alone["a"] == pytest.approx(2 / 3)


def test_a_zero_weight_criterion_does_not_count() -> None:
    criteria = [Criterion("agenda", 1, "benefit", (1, 5)), Criterion("noise", 0, "benefit", (1, 5))]
    table = {"a": [4, 1], "b": [3, 5]}

    ranking = screen(criteria, _scores(table, criteria), method="topsis")

    assert [s.solution for s in ranking.solutions] == ["a", "b"]


def test_one_solution_is_not_a_screening() -> None:
    criteria = [Criterion("agenda", 1)]

    with pytest.raises(ScreeningError, match="two solutions or more"):
        screen(criteria, [Score("only", "agenda", 3)])


def test_an_unknown_method_is_refused_with_the_list() -> None:
    criteria = [Criterion("agenda", 1)]

    with pytest.raises(ScreeningError, match="choose one of topsis, wsm, promethee"):
        screen(criteria, _scores({"a": [1], "b": [2]}, criteria), method="electre")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=2, max_size=6),
    method=st.sampled_from(METHODS),
)
def test_a_solution_worse_by_one_on_every_criterion_never_ranks_above_the_other(
    rows: list[list[int]], method: str
) -> None:
    best = rows[0]
    worse = [
        max(1, v - 1) if c.direction == "benefit" else min(5, v + 1)
        for v, c in zip(best, SCALED, strict=True)
    ]
    table = {f"s{i}": row for i, row in enumerate(rows)} | {"worse": worse}

    ranks = {
        s.solution: s.rank for s in screen(SCALED, _scores(table, SCALED), method=method).solutions
    }

    assert ranks["worse"] >= ranks["s0"]

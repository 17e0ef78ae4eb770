from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networkbuilders import answer, cohort_of, four_indicators
from stocktake.network import NetworkError, needs, support_requests


def test_request_weight_is_gap_times_importance_share_times_confidence() -> None:
    framework = four_indicators()
    rows = [answer("G1", 1, importance=4, confidence="low", support=("training",))]
    cohort = cohort_of(framework, {"north": rows})

    [request] = support_requests(cohort)

    # gap (4 − 1) / 4 = 0.75, importance 4 / 5, low confidence 0.5
    assert request.weight == pytest.approx(0.75 * 0.8 * 0.5)
    assert (request.city, request.indicator, request.kind, request.department) == (
        "north",
        "G1",
        "training",
        "a",
    )


def test_missing_importance_and_confidence_take_the_documented_defaults() -> None:
    rows = [answer("G1", 2, support=("training",))]
    [request] = support_requests(cohort_of(four_indicators(), {"north": rows}))

    assert request.weight == pytest.approx(0.5 * (3 / 5) * 0.75)


def test_a_department_need_counts_once_however_many_kinds_it_names() -> None:
    rows = [answer("G1", 0, importance=5, confidence="high", support=("training", "finance"))]
    cohort = cohort_of(four_indicators(), {"north": rows})

    requests = support_requests(cohort)
    [need] = needs(cohort)

    assert [r.weight for r in requests] == [0.5, 0.5]
    assert need.weight == 1.0
    assert need.kinds == ["training", "finance"]


def test_the_gap_is_measured_from_the_consolidated_value_not_the_asking_department() -> None:
    rows = [
        answer("G1", 3, "a", reconciled=False),
        answer("G1", 1, "b", importance=5, confidence="high", support=("data",)),
        answer("G1", 2, "", reconciled=True),
    ]
    [request] = support_requests(cohort_of(four_indicators(), {"north": rows}))

    assert request.gap == 0.5  # the reconciled level 2, not department b's level 1


def test_a_blank_answer_asking_for_support_counts_half_the_range_as_gap() -> None:
    rows = [answer("G1", None, importance=5, confidence="high", support=("data",))]
    [request] = support_requests(cohort_of(four_indicators(), {"north": rows}))

    assert request.gap == 0.5
    assert request.weight == 0.5


def test_a_city_at_the_top_level_asks_with_weight_zero() -> None:
    rows = [answer("G1", 4, importance=5, support=("data",))]
    [need] = needs(cohort_of(four_indicators(), {"north": rows}))

    assert need.weight == 0.0


def test_needs_add_up_departments_and_list_the_heaviest_first() -> None:
    framework = four_indicators()
    north = [
        answer("G1", 0, "a", importance=5, confidence="high", support=("training",)),
        answer("G1", 0, "b", importance=5, confidence="high", support=("data",)),
        answer("E1", 2, "a", importance=5, confidence="high", support=("data",)),
    ]
    south = [answer("E1", 0, "a", importance=5, confidence="high", support=("finance",))]
    cohort = cohort_of(framework, {"north": north, "south": south})

    found = [(n.city, n.indicator, n.weight) for n in needs(cohort)]

    assert found == [("north", "G1", 2.0), ("south", "E1", 1.0), ("north", "E1", 0.5)]


def test_reconciled_answers_ask_for_nothing() -> None:
    rows = [answer("G1", 1, "", reconciled=True, support=("training",))]
    assert needs(cohort_of(four_indicators(), {"north": rows})) == []


def test_only_the_kinds_asked_for_are_kept() -> None:
    rows = [answer("G1", 0, importance=5, confidence="high", support=("training", "finance"))]
    cohort = cohort_of(four_indicators(), {"north": rows})

    [need] = needs(cohort, kinds=["finance"])

    assert need.kinds == ["finance"]
    assert need.weight == 0.5


def test_an_unknown_support_kind_is_named() -> None:
    cohort = cohort_of(four_indicators(), {"north": [answer("G1", 0)]})
    with pytest.raises(NetworkError, match="'housing' is not a kind of support"):
        needs(cohort, kinds=["housing"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["G1", "G2", "E1"]),
            st.one_of(st.none(), st.integers(0, 4)),
            st.one_of(st.none(), st.integers(1, 5)),
            st.sampled_from([None, "low", "medium", "high"]),
            st.lists(st.sampled_from(["training", "finance", "data"]), max_size=3),
        ),
        max_size=12,
    )
)
def test_weights_stay_between_0_and_1_and_needs_add_up_their_requests(rows: list[tuple]) -> None:
    answers = {}
    for k, (indicator, value, importance, confidence, support) in enumerate(rows):
        department = f"d{k}"
        row = answer(
            indicator,
            value,
            department,
            importance=importance,
            confidence=confidence,
            support=tuple(support),
        )
        answers.setdefault(f"city{k % 3}", []).append(row)
    cohort = cohort_of(four_indicators(), answers)

    requests = support_requests(cohort)

    assert all(0.0 <= r.weight <= 1.0 for r in requests)
    for need in needs(cohort):
        assert need.weight == pytest.approx(sum(r.weight for r in need.requests), abs=1e-6)
        by_department: dict[str, float] = {}
        for request in need.requests:
            by_department[request.department] = (
                by_department.get(request.department, 0.0) + request.weight
            )
        assert all(total <= 1.0 + 1e-6 for total in by_department.values())

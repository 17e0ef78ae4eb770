from __future__ import annotations

import pytest

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.consolidate import consolidate, ordinal_alpha
from stocktake.errors import AnswerError
from stocktake.frameworks import Framework


@pytest.fixture
def two() -> Framework:
    return build_framework([group("g", maturity("X"), maturity("Y"))])


def test_reconciled_answer_overrides_median(two: Framework) -> None:
    answers = [
        Answer("X", 1, department="a"),
        Answer("X", 3, department="b"),
        Answer("X", 2, department="", reconciled=True),
    ]
    value = consolidate(two, answers).values["X"]
    assert (value.points, value.source, value.n_answers) == (2.0, "reconciled", 2)
    assert value.disagree is True


def test_even_split_takes_the_lower_median_level(two: Framework) -> None:
    answers = [Answer("X", v, department=d) for v, d in [(1, "a"), (3, "b"), (2, "c"), (4, "d")]]
    value = consolidate(two, answers).values["X"]
    assert (value.points, value.source, value.spread) == (2.0, "median", 75.0)


@pytest.mark.parametrize(("rule", "expected"), [("min", 1.0), ("max", 3.0), ("median", 2.0)])
def test_rule_selects_points(two: Framework, rule: str, expected: float) -> None:
    answers = [Answer("X", v, department=d) for v, d in [(3, "a"), (1, "b"), (2, "c")]]
    assert consolidate(two, answers, rule=rule).values["X"].points == expected  # type: ignore[arg-type]


def test_disagreement_needs_reconciliation_until_reconciled(two: Framework) -> None:
    split = [Answer("X", 1, department="a"), Answer("X", 2, department="b")]
    assert consolidate(two, split).needs_reconciliation == ["X"]
    settled = [*split, Answer("X", 2, reconciled=True)]
    assert consolidate(two, settled).needs_reconciliation == []


def test_agreeing_departments_need_no_reconciliation(two: Framework) -> None:
    answers = [Answer("X", 2, department="a"), Answer("X", 2, department="b")]
    result = consolidate(two, answers)
    assert result.needs_reconciliation == []
    assert result.values["X"].disagree is False


def test_threshold_is_on_the_zero_to_hundred_scale(two: Framework) -> None:
    answers = [Answer("X", 1, department="a"), Answer("X", 2, department="b")]
    assert consolidate(two, answers, threshold=30.0).needs_reconciliation == []
    assert consolidate(two, answers, threshold=25.0).needs_reconciliation == ["X"]


def test_unanswered_and_blank_are_never_zero(two: Framework) -> None:
    result = consolidate(two, [Answer("X", "", department="a")])
    assert result.values["X"].points is None
    assert result.values["X"].source == "unanswered"
    assert result.values["Y"].points is None


def test_unknown_indicator_is_an_error(two: Framework) -> None:
    with pytest.raises(AnswerError, match=r"indicator .Z. is not part of framework t@1\.0\.0"):
        consolidate(two, [Answer("Z", 1)])


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
# observers, twelve units and missing values: alpha (ordinal) = 0.815.
KRIPPENDORFF_EXAMPLE = {
    "a": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "b": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "c": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "d": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def test_ordinal_alpha_matches_krippendorffs_worked_example() -> None:
    table: dict[str, dict[str, float]] = {}
    for coder, values in KRIPPENDORFF_EXAMPLE.items():
        for unit, value in enumerate(values):
            if value is not None:
                table.setdefault(str(unit), {})[coder] = value
    assert ordinal_alpha(table) == pytest.approx(0.815, abs=5e-4)


def test_consolidation_reports_alpha_over_departments_and_indicators() -> None:
    framework = build_framework([group("g", *(maturity(f"U{u}", top=5) for u in range(12)))])
    answers = [
        Answer(f"U{unit}", value, department=coder)
        for coder, values in KRIPPENDORFF_EXAMPLE.items()
        for unit, value in enumerate(values)
        if value is not None
    ]
    assert consolidate(framework, answers).alpha == pytest.approx(0.815, abs=5e-4)


def test_alpha_is_undefined_without_variation_or_pairs() -> None:
    assert ordinal_alpha({"u": {"a": 2.0}}) is None
    assert ordinal_alpha({"u": {"a": 2.0, "b": 2.0}, "v": {"a": 2.0, "b": 2.0}}) is None


def test_perfect_agreement_with_variation_gives_alpha_one() -> None:
    table = {"u": {"a": 1.0, "b": 1.0}, "v": {"a": 3.0, "b": 3.0}}
    assert ordinal_alpha(table) == pytest.approx(1.0)

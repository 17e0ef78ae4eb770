"""Every mean against analytic cases; missing children, thresholds, clear errors, and many
replications at once against one at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from stocktake.composite import AggregationError, Hierarchy
from stocktake.composite.aggregate import Aggregation, Replications, aggregate
from stocktake.composite.means import copeland, outranking
from stocktake.composite.spec import AggregationRule

NAN = np.nan


def one_group(
    x: np.ndarray,
    w: np.ndarray,
    rule: AggregationRule | None = None,
    units: list[str] | None = None,
) -> np.ndarray:
    """Aggregate the columns of ``x`` (units × children ``c1``, ``c2`` …) into one group ``G``
    with weights ``w``, through the build's aggregation stage."""
    codes = [f"c{j + 1}" for j in range(x.shape[1])]
    meta = pd.DataFrame(
        {
            "Type": ["Indicator"] * len(codes) + ["Aggregate"],
            "Level": [1] * len(codes) + [2],
            "Parent": ["G"] * len(codes) + [None],
            "Weight": [*map(float, w), 1.0],
            "Direction": [1] * (len(codes) + 1),
        },
        index=pd.Index([*codes, "G"], name="iCode"),
    )
    tree = Hierarchy.from_meta(meta)
    values = pd.DataFrame(x, columns=codes, index=units or [f"U{i + 1}" for i in range(len(x))])
    weights = {**dict(zip(codes, map(float, w), strict=True)), "G": 1.0}
    result = aggregate(values, tree, weights, lambda code, level: rule or AggregationRule())
    return result.values["G"].to_numpy()


def rule(method: str, **settings: object) -> AggregationRule:
    return AggregationRule(method=method, **settings)  # type: ignore[arg-type]


def equal(a: np.ndarray, b: list[float]) -> None:
    np.testing.assert_allclose(a, np.array(b, dtype=float), rtol=1e-14, atol=0)


def test_arithmetic_mean_rescales_weights_over_present_children() -> None:
    x = np.array([[1.0, 2.0, 3.0], [1.0, NAN, 3.0], [NAN, NAN, NAN]])

    equal(one_group(x, np.array([1.0, 2.0, 1.0])), [2.0, 2.0, NAN])


def test_weighted_arithmetic_mean() -> None:
    equal(one_group(np.array([[10.0, 20.0]]), np.array([3.0, 1.0])), [12.5])


def test_geometric_mean_with_weights() -> None:
    x = np.array([[1.0, 4.0], [2.0, 16.0], [8.0, NAN]])

    equal(one_group(x, np.array([1.0, 1.0]), rule("geometric")), [2.0, np.sqrt(32.0), 8.0])
    equal(one_group(x[1:2], np.array([1.0, 3.0]), rule("geometric")), [2**3.25])


def test_geometric_mean_over_a_zero_names_unit_aggregate_child_and_fix() -> None:
    x = np.array([[1.0, 4.0], [0.0, 16.0]])

    with pytest.raises(AggregationError) as caught:
        one_group(x, np.array([1.0, 1.0]), rule("geometric"), units=["AUT", "BEL"])

    message = str(caught.value)
    assert "geometric mean of 'G' for unit 'BEL' meets the value 0 of 'c1'" in message
    assert "needs values above 0" in message and "range: [1, 100]" in message
    assert isinstance(caught.value, ValueError)


def test_harmonic_mean() -> None:
    x = np.array([[1.0, 4.0], [2.0, NAN]])

    equal(one_group(x, np.array([1.0, 1.0]), rule("harmonic")), [1.6, 2.0])


def test_harmonic_mean_refuses_zero() -> None:
    with pytest.raises(AggregationError, match=r"harmonic mean .* needs values other than 0"):
        one_group(np.array([[0.0, 4.0]]), np.array([1.0, 1.0]), rule("harmonic"))


def test_power_mean_of_order_two_one_and_minus_one() -> None:
    x = np.array([[3.0, 4.0]])

    equal(one_group(x, np.array([1.0, 1.0]), rule("power", p=2)), [np.sqrt(12.5)])
    equal(one_group(x, np.array([1.0, 3.0]), rule("power", p=1)), [3.75])
    harmonic = one_group(x, np.array([1.0, 1.0]), rule("harmonic"))
    np.testing.assert_allclose(
        one_group(x, np.array([1.0, 1.0]), rule("power", p=-1)), harmonic, rtol=1e-15
    )


def test_power_mean_with_negative_order_refuses_zero() -> None:
    with pytest.raises(AggregationError, match=r"power mean \(p = -2\) .* needs values above 0"):
        one_group(np.array([[0.0, 4.0]]), np.array([1.0, 1.0]), rule("power", p=-2))


def test_a_power_that_overflows_is_refused_not_scored_infinite() -> None:
    with pytest.raises(AggregationError, match=r"1e\+06 to the power 90 is beyond the largest"):
        one_group(np.array([[1e6, 4.0]]), np.array([1.0, 1.0]), rule("power", p=90))


def test_an_infinite_value_is_refused_by_every_mean() -> None:
    with pytest.raises(AggregationError, match="meets the value inf of 'c2', but it needs finite"):
        one_group(np.array([[1.0, np.inf]]), np.array([1.0, 1.0]))


def test_copeland_counts_pairwise_wins_minus_losses() -> None:
    x = np.array([[3.0, 3.0], [2.0, 1.0], [1.0, 2.0]])

    equal(copeland(x, np.array([1.0, 1.0])), [2, -1, -1])
    equal(copeland(x, np.array([2.0, 1.0])), [2, 0, -2])
    equal(one_group(x, np.array([2.0, 1.0]), rule("copeland")), [2, 0, -2])


def test_outranking_gives_half_weight_to_ties_and_fills_the_lower_triangle() -> None:
    x = np.array([[1.0, 5.0, 2.0], [1.0, 3.0, 4.0]])

    matrix = outranking(x, np.array([1.0, 1.0, 2.0]))

    assert matrix[0, 1] == pytest.approx(0.125 + 0.25)
    assert matrix[1, 0] == pytest.approx(1 - 0.375)
    assert matrix[0, 0] == 0


def test_availability_threshold_sets_sparse_units_to_missing() -> None:
    x = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, NAN, NAN, 4.0], [NAN, NAN, NAN, 4.0]])

    equal(one_group(x, np.ones(4), rule("arithmetic", min_availability=0.5)), [2.5, 2.5, NAN])


def test_children_present_with_weight_zero_only_give_a_missing_score() -> None:
    x = np.array([[1.0, NAN], [1.0, 2.0]])

    equal(one_group(x, np.array([0.0, 1.0])), [NAN, 2.0])


weights = arrays(np.float64, st.integers(1, 8), elements=st.floats(0.01, 100))


@settings(deadline=None, max_examples=40)
@given(weights, st.floats(-1e3, 1e3))
def test_arithmetic_mean_of_a_constant_is_the_constant(w: np.ndarray, c: float) -> None:
    x = np.full((1, w.size), c)

    assert one_group(x, w)[0] == pytest.approx(c, rel=1e-12, abs=1e-9)


@settings(deadline=None, max_examples=40)
@given(
    arrays(np.float64, (3, 4), elements=st.floats(0.1, 100)), weights.filter(lambda w: w.size == 4)
)
def test_means_are_ordered_harmonic_geometric_arithmetic(x: np.ndarray, w: np.ndarray) -> None:
    h, g, a = (one_group(x, w, rule(m)) for m in ("harmonic", "geometric", "arithmetic"))

    assert np.all(h <= g * (1 + 1e-12)) and np.all(g <= a * (1 + 1e-12))


def two_level_tree() -> Hierarchy:
    """i1, i2 under P1; i3 under P2; P1 and P2 under Index."""
    meta = pd.DataFrame(
        {
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
            "Level": [1, 1, 1, 2, 2, 3],
            "Parent": ["P1", "P1", "P2", "Index", "Index", None],
            "Weight": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0],
            "Direction": [1] * 6,
        },
        index=pd.Index(["i1", "i2", "i3", "P1", "P2", "Index"], name="iCode"),
    )
    return Hierarchy.from_meta(meta)


def test_many_replications_give_what_each_gives_alone() -> None:
    tree = two_level_tree()
    rng = np.random.default_rng(0)
    variants = [rng.uniform(1, 100, size=(5, 3)) for _ in range(2)]
    variants[1][0, 2] = NAN  # unit 1 has no data in P2 in variant 1
    rules = [rule("arithmetic"), rule("geometric"), rule("power", p=2)]
    kept = [np.ones(5, dtype=bool)] * 2
    engine = Aggregation(tree, variants, kept, rules)
    n = 12
    reps = Replications(
        variant=rng.integers(0, 2, size=n),
        weights=rng.uniform(0.5, 1.5, size=(n, 6)),
        rule=rng.integers(0, 3, size=(n, 3)),
    )

    together = engine.scores(reps, ["P2", "Index"])

    for r in range(n):
        alone = engine.scores(reps.take(np.array([r])), ["P2", "Index"])
        np.testing.assert_allclose(together[:, r], alone[:, 0], rtol=1e-14, atol=0)
    from_variant_1 = reps.variant == 1
    assert np.isnan(together[0, from_variant_1, 0]).all()
    assert not np.isnan(together[1, from_variant_1, 0]).any()

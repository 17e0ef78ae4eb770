"""Weight sources, per-level overrides and effective weights."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.composite import Hierarchy, SpecError
from stocktake.composite.spec import WeightsSpec
from stocktake.composite.weights import effective_weights, resolve_weights, weigh

from .conftest import two_pillars


def tree_with(weights: dict[str, float] | None = None) -> Hierarchy:
    data = two_pillars(
        {"a1": [1.0], "a2": [1.0], "a3": [1.0], "b1": [1.0]},
        weights=weights or {"a1": 2, "a2": 1, "a3": 1, "A": 3, "B": 1},
    )
    return data.hierarchy


def test_meta_weights_are_used_by_default() -> None:
    assert resolve_weights(tree_with(), WeightsSpec())["a1"] == 2.0


def test_equal_weights_everywhere() -> None:
    used = resolve_weights(tree_with(), WeightsSpec(use="equal"))

    assert set(used.values()) == {1.0}


def test_a_named_set_overrides_listed_codes_and_keeps_the_rest() -> None:
    spec = WeightsSpec(use="expert", sets={"expert": {"a2": 5}})

    used = resolve_weights(tree_with(), spec)

    assert (used["a1"], used["a2"]) == (2.0, 5.0)


def test_a_level_override_changes_only_that_level() -> None:
    used = resolve_weights(tree_with(), WeightsSpec(levels={1: "equal"}))

    assert (used["a1"], used["A"]) == (1.0, 3.0)


def test_single_values_are_applied_last() -> None:
    used = resolve_weights(tree_with(), WeightsSpec(use="equal", values={"B": 4}))

    assert used["B"] == 4.0


def test_effective_weight_is_the_product_of_shares_down_the_tree() -> None:
    effective = effective_weights(tree_with(), resolve_weights(tree_with(), WeightsSpec()))

    assert effective["A"] == 0.75
    assert effective["a1"] == pytest.approx(0.75 * 0.5)
    assert effective["b1"] == 0.25


def test_weights_table_reports_nominal_share_and_effective() -> None:
    table = weigh(tree_with(), WeightsSpec(levels={1: "equal"})).to_frame()

    assert table.loc["a1"].to_dict() == {
        "Level": 1,
        "Parent": "A",
        "nominal": 2.0,
        "weight": 1.0,
        "share": 1 / 3,
        "effective": 0.75 / 3,
    }


def test_unknown_code_in_a_weight_set_is_named() -> None:
    with pytest.raises(SpecError, match=r"weights\.sets\.expert names 'zz'"):
        resolve_weights(tree_with(), WeightsSpec(sets={"expert": {"zz": 1}}))


def test_all_zero_weights_in_a_group_are_refused() -> None:
    with pytest.raises(SpecError, match="children of 'A' all have weight 0"):
        resolve_weights(tree_with(), WeightsSpec(values={"a1": 0, "a2": 0, "a3": 0}))


positive = st.floats(0.01, 100)


@settings(deadline=None)
@given(st.fixed_dictionaries({c: positive for c in ("a1", "a2", "a3", "b1", "A", "B")}))
def test_effective_weights_sum_to_one_at_every_level(weights: dict[str, float]) -> None:
    tree = tree_with(weights)

    effective = effective_weights(tree, resolve_weights(tree, WeightsSpec()))

    for level in (1, 2, 3):
        assert sum(effective[c] for c in tree.at_level(level)) == pytest.approx(1.0, rel=1e-12)

"""Coherence and per-unit analysis: alpha, PCA, correlations, strengths and weaknesses."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import CompositeData, analyse, build, compare
from stocktake.composite.analysis import indicator_statistics, strengths_and_weaknesses
from stocktake.composite.coherence import correlations, cronbach_alpha, pca

from .conftest import two_pillars

SPEC = {"normalise": {"method": "minmax", "range": [1, 100]}, "aggregate": {}}


def test_cronbach_alpha_of_identical_items_is_one() -> None:
    x = np.tile(np.array([[1.0], [3.0], [2.0], [7.0]]), (1, 3))

    assert cronbach_alpha(x) == pytest.approx(1.0, rel=1e-14)


def test_cronbach_alpha_by_the_covariance_formula() -> None:
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]])
    cov = np.cov(x, rowvar=False)

    expected = 4 * cov[0, 1] / cov.sum()

    assert cronbach_alpha(x) == pytest.approx(expected, rel=1e-14)


def test_cronbach_alpha_of_one_item_is_undefined() -> None:
    assert math.isnan(cronbach_alpha(np.array([[1.0], [2.0]])))


def test_pca_of_perfectly_correlated_items_has_one_component() -> None:
    base = np.array([1.0, 4.0, 2.0, 8.0, 5.0])
    x = np.column_stack([base, 2 * base + 1, base / 3])

    values, vectors, n = pca(x)

    np.testing.assert_allclose(values, [3.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(vectors[:, 0], np.full(3, 1 / np.sqrt(3)), rtol=1e-12)
    assert n == 5


def test_pca_uses_complete_rows_only() -> None:
    x = np.array([[1.0, 2.0], [2.0, np.nan], [3.0, 1.0], [4.0, 5.0]])

    assert pca(x)[2] == 3


def test_correlations_label_how_codes_are_related(cities: CompositeData) -> None:
    table = correlations(build(cities, SPEC)).to_frame()
    pairs = {(r.code_a, r.code_b): r.relation for r in table.itertuples()}

    assert pairs[("Green", "Trees")] == "sibling"
    assert pairs[("Green", "Environment")] == "parent"
    assert pairs[("Green", "Index")] == "ancestor"
    assert pairs[("Green", "Transit")] == "other"
    assert len(table) == 9 * 8 // 2


def test_correlations_are_pairwise_pearson_over_common_units(cities: CompositeData) -> None:
    result = build(cities, SPEC)
    table = correlations(result).to_frame().set_index(["code_a", "code_b"])
    both = result.aggregated[["Air", "Budget"]].dropna()

    assert table.loc[("Air", "Budget"), "r"] == pytest.approx(
        np.corrcoef(both["Air"], both["Budget"])[0, 1], rel=1e-12
    )
    assert table.loc[("Air", "Budget"), "n"] == 6


def test_indicator_statistics_report_availability_and_treatment(cities: CompositeData) -> None:
    stats = indicator_statistics(build(cities, {**SPEC, "treat": {}})).to_frame()

    assert stats.at["Budget", "availability"] == 7 / 8
    assert stats.at["Budget", "treatment"] == "winsorised"
    assert stats.at["Budget", "winsorised"] == 1
    assert stats.at["Green", "treatment"] == "passed"


def test_strengths_and_weaknesses_follow_directed_ranks() -> None:
    data = two_pillars(
        {
            "a1": [9.0, 1.0, 5.0],
            "a2": [1.0, 9.0, 5.0],
            "b1": [5.0, 4.0, 1.0],
            "b2": [1.0, 2.0, 3.0],
        },
        units=["X", "Y", "Z"],
        directions={"b2": -1},
    )
    result = build(data, SPEC)

    table = strengths_and_weaknesses(result, units=["X"], top=2, bottom=1).to_frame()

    # X ranks 1st on a1, b1 and b2 (lowest b2 is best) and last on a2, which is discarded
    assert table[["kind", "iCode", "rank"]].values.tolist() == [
        ["strength", "a1", 1.0],
        ["strength", "b1", 1.0],
        ["weakness", "b2", 1.0],
    ]


def test_comparison_reports_rank_changes(cities: CompositeData) -> None:
    a = build(cities, SPEC)
    b = build(cities, {**SPEC, "aggregate": {"method": "geometric"}})

    comparison = compare(a, b)
    table = comparison.to_frame()

    assert (table["rank_change"] == table["rank_b"] - table["rank_a"]).all()
    assert comparison.mean_absolute_rank_shift == table["abs_rank_change"].mean()
    assert comparison.code == "Index"


def test_analyse_gives_every_table(cities: CompositeData) -> None:
    result = build(cities, SPEC)

    tables = analyse(result, result).tables()

    assert set(tables) == {
        "indicator_statistics",
        "correlations",
        "cronbach_alpha",
        "pca_components",
        "pca_loadings",
        "weights",
        "strengths_weaknesses",
        "comparison",
    }
    assert all(isinstance(t, pd.DataFrame) and len(t) for t in tables.values())
    assert (tables["comparison"]["rank_change"] == 0).all()
    weights = tables["weights"]
    assert weights.groupby("Parent")["importance"].sum().tolist() == pytest.approx([1, 1, 1])


def test_tied_strengths_are_listed_by_parent_code_as_coinr_does() -> None:
    data = two_pillars(
        {"b1": [9.0, 1.0, 5.0], "a1": [9.0, 1.0, 5.0], "b2": [1.0, 9.0, 5.0]},
        units=["X", "Y", "Z"],
    )

    table = strengths_and_weaknesses(build(data, SPEC), units=["X"], top=2, bottom=0).to_frame()

    assert table["iCode"].tolist() == ["a1", "b1"]

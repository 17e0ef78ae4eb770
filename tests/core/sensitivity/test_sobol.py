"""Sobol indices from a Saltelli design, checked on the Ishigami function and against scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from stocktake.errors import StocktakeError
from stocktake.sensitivity import as_generator, saltelli_design, sobol_indices

A, B = 7.0, 0.1


def ishigami(u: np.ndarray) -> np.ndarray:
    x = -math.pi + 2 * math.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices() -> tuple[list[float], list[float]]:
    """Analytic first- and total-order indices (Saltelli et al. 2008, section 4.9)."""
    pi4, pi8 = math.pi**4, math.pi**8
    v1 = 0.5 * (1 + B * pi4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi8 * (1 / 18 - 1 / 50)
    variance = v1 + v2 + v13
    return [v1 / variance, v2 / variance, 0.0], [
        (v1 + v13) / variance,
        v2 / variance,
        v13 / variance,
    ]


def test_ishigami_indices_match_the_analytic_values() -> None:
    first_true, total_true = ishigami_indices()
    assert first_true == pytest.approx([0.314, 0.442, 0.0], abs=5e-4)
    assert total_true == pytest.approx([0.558, 0.442, 0.244], abs=5e-4)
    n = 2**16
    u = saltelli_design(n, [1, 1, 1], random_state=11)

    result = sobol_indices(ishigami(u), n, ["x1", "x2", "x3"], bootstrap=50, random_state=11)

    # At N = 65,536 the standard error of both estimators on Ishigami is about 0.005 (half the
    # 90 % bootstrap interval / 1.645, measured over several seeds). A tolerance of 0.02 is four
    # standard errors: loose enough never to fail by chance, tight enough to catch a wrong
    # formula (swapping y_A and y_B, or dividing by N instead of 2N, is off by 0.1 or more).
    assert result.first == pytest.approx(first_true, abs=0.02)
    assert result.total == pytest.approx(total_true, abs=0.02)
    assert np.all(result.first_low <= result.first + 1e-12)
    assert np.all(result.total_high >= result.total - 1e-12)


def test_estimator_matches_the_reference_formulas_on_a_small_design() -> None:
    n, d = 5, 2
    rng = np.random.default_rng(0)
    y = rng.normal(size=n * (d + 2))
    y_a, y_b, y_ab = y[:n], y[n : 2 * n], y[2 * n :].reshape(d, n)
    var = np.var(np.r_[y_a, y_b], ddof=1)

    result = sobol_indices(y, n, ["a", "b"], bootstrap=0)

    for i in range(d):
        assert result.first[i] == pytest.approx(np.mean(y_b * (y_ab[i] - y_a)) / var, rel=1e-12)
        assert result.total[i] == pytest.approx(
            np.sum((y_a - y_ab[i]) ** 2) / (2 * n * var), rel=1e-12
        )
    assert np.isnan(result.first_low).all()


def test_design_rows_are_a_b_and_hybrids_with_grouped_columns() -> None:
    n = 4
    u = saltelli_design(n, [1, 3], random_state=0)

    a, b, ab1, ab2 = (u[k * n : (k + 1) * n] for k in range(4))
    assert u.shape == (4 * n, 4)
    np.testing.assert_array_equal(ab1[:, 0], b[:, 0])
    np.testing.assert_array_equal(ab1[:, 1:], a[:, 1:])
    np.testing.assert_array_equal(ab2[:, 1:], b[:, 1:])
    np.testing.assert_array_equal(ab2[:, 0], a[:, 0])


def test_same_seed_gives_the_same_indices_and_seed_zero_is_a_seed() -> None:
    n = 64
    runs = []
    for _ in range(2):
        u = saltelli_design(n, [1, 1, 1], random_state=0)
        runs.append(sobol_indices(ishigami(u), n, ["x1", "x2", "x3"], random_state=0))

    pd_first = runs[0].to_frame()
    assert pd_first.equals(runs[1].to_frame())
    other = saltelli_design(n, [1, 1, 1], random_state=1)
    assert not np.array_equal(other, saltelli_design(n, [1, 1, 1], random_state=0))


def test_a_generator_is_used_as_given_and_none_draws_fresh_entropy() -> None:
    rng = np.random.default_rng(5)

    assert as_generator(rng) is rng
    assert not np.array_equal(as_generator(None).random(3), as_generator(None).random(3))


@pytest.mark.parametrize("bad", [1.5, -1, "7", True])
def test_a_bad_random_state_is_refused(bad: object) -> None:
    with pytest.raises(StocktakeError, match=r"seed|random_state"):
        as_generator(bad)  # type: ignore[arg-type]


def test_a_constant_output_gives_missing_indices_not_a_warning() -> None:
    result = sobol_indices(np.ones(4 * 10), 10, ["a", "b"], bootstrap=20, random_state=0)

    assert result.variance == 0
    assert np.isnan(result.first).all() and np.isnan(result.total_high).all()


def test_outputs_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(StocktakeError, match=r"N·\(d \+ 2\) = 40"):
        sobol_indices(np.ones(39), 10, ["a", "b"])


def test_estimates_are_scipys_on_the_same_outputs() -> None:
    """scipy's ``sobol_indices`` takes the outputs of A, B and the hybrids as they are; given the
    Ishigami function on our design, its first- and total-order estimates must be ours but for
    the variance, which scipy divides by 2N and we by 2N - 1. scipy centres the outputs on
    their mean over A and B first, which the total order ignores and the first order does not:
    the outputs are given centred to both."""
    n, names = 2**10, ["x1", "x2", "x3"]
    y = ishigami(saltelli_design(n, [1, 1, 1], random_state=4))
    y = y - y[: 2 * n].mean()
    outputs = {"f_A": y[:n][None], "f_B": y[n : 2 * n][None], "f_AB": y[2 * n :].reshape(3, 1, n)}

    ours = sobol_indices(y, n, names, bootstrap=0)
    theirs = stats.sobol_indices(func=outputs, n=n)

    variance_ratio = (2 * n - 1) / (2 * n)
    np.testing.assert_allclose(
        ours.first, theirs.first_order * variance_ratio, rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(
        ours.total, theirs.total_order * variance_ratio, rtol=1e-9, atol=1e-12
    )
    assert ours.total == pytest.approx(ishigami_indices()[1], abs=0.1)

"""The means an aggregate can take, each defined once: its transform, its inverse, the values it
refuses and the sentence that says so.

Every mean of the build except Copeland's rule is a quasi-arithmetic mean over the children a
unit has,

    M(x) = g⁻¹( Σ_present w_c g(x_c) / Σ_present w_c ),

with ``g`` the identity (arithmetic), ``log`` (geometric), ``1/x`` (harmonic) or ``x^p`` (the
power mean of order ``p``). Weights are thus rescaled over the present children, so a missing
child neither counts as zero nor drags the score down (COINr's ``a_amean``, ``a_gmean``,
``a_hmean``), and the aggregation of :mod:`stocktake.composite.aggregate` needs only ``g``,
``g⁻¹`` and sums, which it takes as matrix products over many replications at once.

A value is refused when ``g`` of it is not finite: zero or less for the geometric mean (and the
power mean with ``p < 0``), zero for the harmonic mean, a negative number to a fractional power,
a power that overflows, or a value that is itself infinite.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.6, Part 2
sections 6.10 (additive) and 6.11 (geometric); COINr's ``a_amean``, ``a_gmean``, ``a_hmean`` and
``a_genmean``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from stocktake.composite.errors import AggregationError
from stocktake.composite.spec import AggregationRule

MeanMethod = Literal["arithmetic", "geometric", "harmonic", "power"]

_POSITIVE_RANGE = (
    "normalise to a positive range (e.g. normalise: {{method: minmax, range: [1, 100]}}) or "
    "aggregate '{aggregate}' with another method"
)


@dataclass(frozen=True)
class Mean:
    """A quasi-arithmetic mean: ``method``, and ``p`` for the power mean."""

    method: MeanMethod
    p: float = 1.0

    @classmethod
    def of(cls, rule: AggregationRule) -> Mean | None:
        """The mean of an aggregation rule; ``None`` for Copeland's rule, which is not a mean."""
        if rule.method == "copeland":
            return None
        return cls(rule.method, float(rule.p) if rule.p is not None else 1.0)

    @property
    def name(self) -> str:
        if self.method == "power":
            return f"power mean (p = {self.p:g})"
        return f"{self.method} mean"

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``g(x)``; NaN stays NaN, a value the mean refuses becomes NaN or infinite."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if self.method == "geometric":
                return np.log(x)
            if self.method == "harmonic":
                return np.asarray(1.0 / x)
            if self.method == "power":
                return np.asarray(np.power(x, self.p))
        return np.asarray(x)

    def inverse(self, m: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``g⁻¹(m)``, in place when ``out`` is ``m``."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if self.method == "geometric":
                return np.exp(m, out=out)
            if self.method == "harmonic":
                return np.divide(1.0, m, out=out)
            if self.method == "power":
                return np.power(m, 1.0 / self.p, out=out)
        return m

    def refusal(self, value: float, aggregate: str) -> str:
        """What the mean needs that ``value`` lacks, and what to change: the end of a sentence."""
        if not math.isfinite(value):
            return (
                "but it needs finite values; choose a normalisation that gives finite values "
                "(fraction_of_max and distance_to_target divide by a maximum or a distance that "
                "can be 0)"
            )
        advice = _POSITIVE_RANGE.format(aggregate=aggregate)
        if (self.method == "geometric" or (self.method == "power" and self.p < 0)) and value <= 0:
            return f"but it needs values above 0; {advice}"
        if self.method == "harmonic" and value == 0:
            return f"but it needs values other than 0; {advice}"
        if self.method == "power" and value < 0 and not self.p.is_integer():
            return f"but it needs values of 0 or more; {advice}"
        what = f"{value:g} to the power {self.p:g}" if self.method == "power" else f"1/{value:g}"
        return (
            f"and {what} is beyond the largest number a computer holds; normalise to another "
            f"range or aggregate '{aggregate}' with another method"
        )


class InvalidValue(Exception):
    """A mean met a value it cannot take. It carries where, by position, so that each caller can
    say it in its own terms (:meth:`error`)."""

    def __init__(
        self, mean: Mean, value: float, aggregate: str, child: str, unit: int, replication: int
    ) -> None:
        super().__init__(f"the {mean.name} of {aggregate} meets {value} of {child}")
        self.mean = mean
        self.value = value
        self.aggregate = aggregate
        self.child = child
        self.unit = unit
        self.replication = replication

    def error(self, units: Sequence[object], where: str = "") -> AggregationError:
        """The sentence for the user: the mean, the aggregate, the unit (from ``units``), the
        child and its value, ``where`` it happened (a replication's settings, say) and what to
        change."""
        return AggregationError(
            f"the {self.mean.name} of '{self.aggregate}' for unit '{units[self.unit]}' meets the "
            f"value {self.value:g} of '{self.child}'{where}, "
            f"{self.mean.refusal(self.value, self.aggregate)}"
        )


def outranking(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The outranking matrix: entry (i, j) is the weight share of children where unit i beats j,
    plus half the share where they tie; comparisons with a missing value count for neither.

    As in COINr, the upper triangle is computed and the lower one set to ``1 - upper``; sums are
    accumulated in extended precision as R does, so exact halves are recognised alike.
    """
    n, k = x.shape
    share = np.asarray(w, dtype=float) / float(np.sum(np.asarray(w, dtype=np.longdouble)))
    wins = np.zeros((n, n), dtype=np.longdouble)
    ties = np.zeros((n, n), dtype=np.longdouble)
    for c in range(k):
        col = x[:, c]
        wins += np.where(col[:, None] > col[None, :], share[c], 0.0)
        ties += np.where(col[:, None] == col[None, :], share[c], 0.0)
    upper = (
        wins.astype(float).astype(np.longdouble) + (ties.astype(float) / 2).astype(np.longdouble)
    ).astype(float)
    i, j = np.triu_indices(n, 1)
    matrix = np.zeros((n, n))
    matrix[i, j] = upper[i, j]
    matrix[j, i] = 1 - upper[i, j]
    return matrix


def copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score of each unit (row of ``x``, units × children): for each other unit, +1 if
    the unit outranks it (share > 0.5), -1 if it is outranked (share < 0.5), 0 on a tie; summed.

    Handbook Part 2 sections 6.12–6.13 (the non-compensatory multi-criteria approach, of which
    Copeland is the simplest rule); COINr's ``a_copeland``.
    """
    matrix = outranking(x, w)
    score = np.sign(matrix - 0.5)
    np.fill_diagonal(score, 0.0)
    return np.asarray(score.sum(axis=1), dtype=float)

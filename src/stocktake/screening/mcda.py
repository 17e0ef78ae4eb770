"""Multi-criteria methods, computed by pymcdm: weighted sum, TOPSIS and PROMETHEE II.

Stocktake computes none of these itself; it chooses the library's method, passes the decision
matrix (solutions × criteria), the weights and pymcdm's ``types`` (1 benefit, -1 cost), and reads
the preference of each solution, higher being better for all three:

``wsm``
    Weighted sum of normalised scores, in [0, 1] (:class:`pymcdm.methods.WSM`).
``topsis``
    Relative closeness to the ideal solution, in [0, 1] (:class:`pymcdm.methods.TOPSIS`). When
    every solution is the same on every weighted criterion the ideal and the anti-ideal coincide
    and closeness is 0/0; every solution then gets 0.5 (all tie).
``promethee``
    PROMETHEE II net outranking flow with the *usual* preference function, in [-1, 1]
    (:class:`pymcdm.methods.PROMETHEE_II`): it compares solutions criterion by criterion, so it
    needs no normalisation.

Normalisation (WSM and TOPSIS) is chosen per criterion by :func:`criterion_normalisation`: a
criterion with a scale is normalised linearly on that scale, ``(x − low) / (high − low)`` for a
benefit and ``(high − x) / (high − low)`` for a cost, so a solution's normalised score does not
depend on which other candidates are screened; a criterion without a scale is normalised on the
range the candidates span (pymcdm's ``minmax_normalization``, 1 for all when they are equal).
:func:`preferences` without ``normalisations`` uses each method's own default, as the library's
documentation does (sum normalisation for WSM, min–max for TOPSIS).

pymcdm's own input validation is switched off: it warns about dominated solutions, which a
screening expects to have, and the weights and types are checked here before the call.

References
----------
Kizielewicz B., Shekhovtsov A., Sałabun W. (2023), pymcdm — The universal library for solving
multi-criteria decision-making problems, *SoftwareX* 22, 101368.
Hwang C.-L., Yoon K. (1981), *Multiple Attribute Decision Making*, Springer (TOPSIS).
Brans J.-P., Vincke Ph. (1985), A preference ranking organisation method, *Management Science*
31(6), 647–656 (PROMETHEE).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from stocktake.screening.criteria import Criterion
from stocktake.screening.errors import ScreeningError

Method = Literal["wsm", "topsis", "promethee"]
METHODS: tuple[Method, ...] = ("topsis", "wsm", "promethee")
"""The methods a screening offers, the default first."""
METHOD_NAMES: dict[Method, str] = {
    "topsis": "TOPSIS",
    "wsm": "Weighted sum",
    "promethee": "PROMETHEE II",
}
TIE_TOLERANCE = 1e-9
"""Preferences closer than this (absolutely, or relative to their size above 1) are a tie: the same
scores summed in another order differ by floating-point noise, which is no difference."""

Normalisation = Callable[[np.ndarray, bool], np.ndarray]


def check_method(method: str) -> Method:
    """``method`` as a :data:`Method`; anything else is refused with the list of methods."""
    for known in METHODS:
        if method == known:
            return known
    raise ScreeningError(f"there is no method '{method}'; choose one of {', '.join(METHODS)}")


def criterion_normalisation(criterion: Criterion) -> Normalisation:
    """Linear on the criterion's scale, or min–max over the candidates without one."""
    from pymcdm.normalizations import minmax_normalization

    if criterion.scale is None:
        return minmax_normalization
    low, high = criterion.scale

    def on_scale(x: np.ndarray, cost: bool = False) -> np.ndarray:
        share = (np.asarray(x, dtype=float) - low) / (high - low)
        return 1.0 - share if cost else share

    return on_scale


def preferences(
    matrix: np.ndarray,
    weights: np.ndarray,
    types: np.ndarray,
    *,
    method: Method,
    normalisations: Sequence[Normalisation] | None = None,
) -> np.ndarray:
    """Each solution's preference by ``method``, higher is better.

    Parameters
    ----------
    matrix
        Solutions × criteria, finite numbers.
    weights
        One per criterion, passed to the library as given (a screening passes them normalised).
    types
        pymcdm's types: 1 benefit, -1 cost.
    method
        ``wsm``, ``topsis`` or ``promethee``.
    normalisations
        One function per criterion for WSM and TOPSIS; ``None`` for the method's own default.
        PROMETHEE II ignores it.
    """
    body = _method(method, normalisations)
    with np.errstate(invalid="ignore", divide="ignore"):
        found = np.asarray(
            body(np.asarray(matrix, dtype=float), weights, types, validation=False), dtype=float
        )
    if method == "topsis":
        found = np.where(np.isnan(found), 0.5, found)
    if not np.all(np.isfinite(found)):
        # Kept out by the checks on weights, scales and scores (criteria.LARGEST); should it
        # happen, no rank is better than a nonsense one.
        raise ScreeningError(
            "the ranking could not be computed: the numbers are too large or too far apart; "
            "write the scores in a larger unit (thousands, millions)"
        )
    return found


def _method(method: Method, normalisations: Sequence[Normalisation] | None) -> Any:
    # Imported here: pymcdm loads matplotlib for its plots, most of a second, and only a ranking
    # needs it.
    from pymcdm.methods import PROMETHEE_II, TOPSIS, WSM

    if method == "promethee":
        return PROMETHEE_II("usual")
    kind = WSM if method == "wsm" else TOPSIS
    return kind() if normalisations is None else kind(normalization_function=list(normalisations))


def competition_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, 1 for the highest preference; ties share the best rank and the
    next rank skips (competition ranking, ``1, 2, 2, 4``), as every ranking of Stocktake does.

    Sorted from the highest, a value within :data:`TIE_TOLERANCE` of the one above it shares
    that one's rank, so any two values that close always tie, and adding a candidate can join
    two ties but never split one. A tolerance rather than rounding: rounding splits two values
    that differ only by noise whenever they fall either side of a rounding boundary. (A run of
    values each within the tolerance of the next ties as a whole; it would take a thousand of
    them to span the 10⁻⁶ the scores are shown to.)
    """
    x = np.asarray(values, dtype=float)
    rows = x.reshape(-1, x.shape[-1]) if x.ndim else x.reshape(1, 1)
    order = np.argsort(-rows, axis=-1, kind="stable")
    ordered = np.take_along_axis(rows, order, axis=-1)
    above, below = ordered[:, :-1], ordered[:, 1:]
    size = np.maximum(1.0, np.maximum(np.abs(above), np.abs(below)))
    starts = np.ones(rows.shape, dtype=bool)
    starts[:, 1:] = (above - below) > TIE_TOLERANCE * size
    positions = np.arange(1, rows.shape[-1] + 1)
    sorted_ranks = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    ranks = np.empty_like(sorted_ranks)
    np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    return ranks.reshape(x.shape)

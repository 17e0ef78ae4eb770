"""The criteria a network screens candidate solutions on, as data: a scale, a direction, a weight.

A criterion is *benefit* when a higher score is better (emission reduction potential, fit with the
city's key areas) and *cost* when a lower one is (cost, time to deliver). Its weight says how much
it counts; weights are any non-negative numbers, normalised to sum to one, so a network may write
``3, 2, 1`` or ``50 %, 33 %, 17 %`` alike. A criterion of weight 0 is kept and shown but does not
count. A scale, when given, bounds the scores a panel may give and is the range every score is
normalised on (:mod:`stocktake.screening.mcda`).
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from stocktake.frameworks.text import localise
from stocktake.screening.errors import ScreeningError

Direction = Literal["benefit", "cost"]
DIRECTIONS: tuple[Direction, ...] = ("benefit", "cost")
TYPES: dict[Direction, int] = {"benefit": 1, "cost": -1}
"""A direction as pymcdm's ``types`` array writes it: 1 for benefit (profit), -1 for cost."""
LARGEST = 1e15
"""The largest weight, scale bound or score (in size) a screening takes. The methods square,
sum and subtract scores and weights; far beyond this, floating point overflows to infinity or
loses the differences a ranking rests on, and the ranks come out as nonsense. A cost in won or
yen fits; a bigger figure is better written in thousands or millions."""
TOO_LARGE = "larger than 10^15 in size; write it in a larger unit (thousands, millions)"


def exact(value: float) -> str:
    """A number as typed, every digit kept (``1000000000000001``, not ``1e+15``): a message
    about a limit must not show the value rounded onto the limit."""
    return repr(float(value)).removesuffix(".0")


@dataclass(frozen=True)
class Criterion:
    """One criterion: its id, weight and direction; its scale and names where given.

    Attributes
    ----------
    id
        The criterion's code, as score rows name it (``emissions``).
    weight
        A non-negative finite number; only its share of the total counts.
    direction
        ``benefit`` or ``cost``.
    scale
        ``(lowest, highest)`` score, or ``None`` when scores are unbounded; then scores are
        normalised on the range the candidates span.
    names
        The name in each language, by BCP 47 tag; the id stands in where none is given.
    """

    id: str
    weight: float
    direction: Direction = "benefit"
    scale: tuple[float, float] | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, lang: str = "en") -> str:
        """The name in ``lang``, falling back as framework texts do, then to the id."""
        return localise(dict(self.names), lang) if self.names else self.id

    def admits(self, score: float) -> bool:
        """Whether ``score`` is finite, at most :data:`LARGEST` in size and, for a criterion with
        a scale, on it."""
        if not math.isfinite(score) or abs(score) > LARGEST:
            return False
        return self.scale is None or self.scale[0] <= score <= self.scale[1]


def default_criteria() -> tuple[Criterion, ...]:
    """The default set a network starts from: ``default_criteria.csv`` beside this module, seven
    criteria of agenda-serving innovation (contribution to the key areas, emissions, co-benefits,
    equity, cost, readiness, fit with local capacity) on a 1–5 scale, named in English,
    Traditional Chinese, Japanese and Korean."""
    # Imported here: the files module reads tables and itself builds on this one.
    from stocktake.screening.files import read_criteria

    with importlib.resources.as_file(
        importlib.resources.files("stocktake.screening").joinpath("default_criteria.csv")
    ) as path:
        return read_criteria(path)


def check_criteria(criteria: Iterable[Criterion]) -> tuple[Criterion, ...]:
    """The criteria, in order, once every rule holds.

    Raises
    ------
    ScreeningError
        No criterion; an id given twice or blank; a direction other than benefit or cost; a weight
        negative, infinite or not a number; every weight zero; a scale whose lowest score is not
        below its highest.
    """
    checked = tuple(criteria)
    if not checked:
        raise ScreeningError("a screening needs at least one criterion")
    seen: set[str] = set()
    for criterion in checked:
        _check_one(criterion, seen)
        seen.add(criterion.id)
    if sum(criterion.weight for criterion in checked) <= 0:
        raise ScreeningError("every criterion weighs 0; give at least one a weight above 0")
    return checked


def _check_one(criterion: Criterion, seen: set[str]) -> None:
    if not criterion.id.strip():
        raise ScreeningError("a criterion has no id; give each one a short code")
    if criterion.id in seen:
        raise ScreeningError(f"the criterion {criterion.id} is given twice; keep one")
    if criterion.direction not in DIRECTIONS:
        raise ScreeningError(
            f"the criterion {criterion.id} has the direction '{criterion.direction}'; "
            "write benefit (higher is better) or cost (lower is better)"
        )
    if not math.isfinite(criterion.weight) or criterion.weight < 0:
        raise ScreeningError(
            f"the criterion {criterion.id} has the weight {criterion.weight}; "
            "a weight is a number of 0 or more"
        )
    if criterion.weight > LARGEST:
        raise ScreeningError(
            f"the criterion {criterion.id} has the weight {exact(criterion.weight)}, {TOO_LARGE}"
        )
    if criterion.scale is not None:
        low, high = criterion.scale
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ScreeningError(
                f"the criterion {criterion.id} has the scale {low:g} to {high:g}; "
                "the lowest score must be below the highest"
            )
        if max(abs(low), abs(high)) > LARGEST:
            raise ScreeningError(
                f"the criterion {criterion.id} has the scale {exact(low)} to {exact(high)}, "
                f"{TOO_LARGE}"
            )


def normalised_weights(criteria: Sequence[Criterion]) -> np.ndarray:
    """The weights in criterion order, divided by their sum (which :func:`check_criteria`
    guarantees is positive)."""
    weights = np.array([criterion.weight for criterion in criteria], dtype=float)
    return weights / weights.sum()


def types_of(criteria: Sequence[Criterion]) -> np.ndarray:
    """pymcdm's ``types``: 1 per benefit criterion, -1 per cost criterion."""
    return np.array([TYPES[criterion.direction] for criterion in criteria])

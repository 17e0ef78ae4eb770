"""Support requests and the needs they add up to: what the network's workshops should serve.

A **support request** is one department of one city asking for one kind of support on one
indicator (an answer's ``support_needed``). Its weight, in [0, 1], multiplies three factors
(``docs/methods.md``, section 6):

* the **gap** from the city's consolidated points ``p`` to the top of the indicator's range,
  ``(max − p) / (max − min)``; when the city has no consolidated value, the asking department's
  own answer, and without that ``UNKNOWN_GAP``;
* the **importance** the department gave the subject, ``importance / 5`` for ratings 1–5, and
  ``DEFAULT_IMPORTANCE / 5`` when it gave none;
* its **confidence** in its answer: ``CONFIDENCE_FACTORS``, ``DEFAULT_CONFIDENCE_FACTOR`` when it
  gave none, so that places go first to needs the city is sure of.

A department's need on an indicator counts once however many kinds of support it names: the
product is shared equally among its kinds. A **need** is a city's requests on one indicator
together; its weight is the sum of theirs, so a subject several departments ask about weighs more.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from stocktake.answers import Answer, indicator_points
from stocktake.frameworks.schema import Framework, Indicator
from stocktake.network.cohort import Cohort
from stocktake.network.errors import NetworkError

CONFIDENCE_FACTORS: dict[str, float] = {"high": 1.0, "medium": 0.75, "low": 0.5}
DEFAULT_CONFIDENCE_FACTOR = 0.75
"""An answer without a stated confidence counts as of medium confidence."""
DEFAULT_IMPORTANCE = 3
"""An answer without an importance rating counts as rating the subject 3 of 5."""
UNKNOWN_GAP = 0.5
"""The gap when neither the city nor the asking department gave a value: half the range."""
WEIGHT_DIGITS = 6
"""Weights are rounded to this many decimals, so sums recomputed anywhere agree."""


@dataclass(frozen=True)
class SupportRequest:
    """One department asking for one kind of support on one indicator."""

    city: str
    indicator: str
    kind: str
    department: str
    weight: float
    gap: float
    importance: int | None
    confidence: str | None


@dataclass(frozen=True)
class Need:
    """A city's support requests on one indicator, and their summed weight."""

    city: str
    indicator: str
    weight: float
    requests: tuple[SupportRequest, ...]

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(r.kind for r in self.requests))

    @property
    def departments(self) -> list[str]:
        return list(dict.fromkeys(r.department for r in self.requests))


def support_requests(
    cohort: Cohort, *, kinds: Collection[str] | None = None
) -> list[SupportRequest]:
    """Every support request of the cohort, city by city in framework order.

    Parameters
    ----------
    cohort
        The cities and their answers; reconciled answers are the coordinator's and ask nothing.
    kinds
        Only requests of these support kinds (for instance the kinds a workshop can serve);
        every kind by default. An id the framework does not declare is an error.
    """
    framework = cohort.framework
    _check_kinds(framework, kinds)
    found: list[SupportRequest] = []
    for city in cohort.cities:
        values = cohort.consolidation(city).values
        for answer in cohort.answers[city]:
            if answer.reconciled or not answer.support_needed:
                continue
            indicator = framework.indicator(answer.indicator)
            gap = _gap(indicator, values[indicator.id].points, answer)
            asked = list(dict.fromkeys(answer.support_needed))
            share = _department_weight(gap, answer) / len(asked)
            found.extend(
                SupportRequest(
                    city=city,
                    indicator=indicator.id,
                    kind=kind,
                    department=answer.department,
                    weight=round(share, WEIGHT_DIGITS),
                    gap=gap,
                    importance=answer.importance,
                    confidence=answer.confidence,
                )
                for kind in asked
                if kinds is None or kind in kinds
            )
    return found


def needs(cohort: Cohort, *, kinds: Collection[str] | None = None) -> list[Need]:
    """Each city's requests per indicator, heaviest first (then by city and framework order)."""
    order = {ind.id: k for k, ind in enumerate(cohort.framework.indicators())}
    grouped: dict[tuple[str, str], list[SupportRequest]] = {}
    for request in support_requests(cohort, kinds=kinds):
        grouped.setdefault((request.city, request.indicator), []).append(request)
    found = [
        Need(city, indicator, round(sum(r.weight for r in rows), WEIGHT_DIGITS), tuple(rows))
        for (city, indicator), rows in grouped.items()
    ]
    found.sort(key=lambda n: (-n.weight, n.city, order[n.indicator]))
    return found


def _gap(indicator: Indicator, consolidated: float | None, answer: Answer) -> float:
    points = consolidated if consolidated is not None else indicator_points(indicator, answer.value)
    span = indicator.max_points - indicator.min_points
    if points is None:
        return UNKNOWN_GAP
    if not span:
        return 0.0
    return min(1.0, max(0.0, (indicator.max_points - points) / span))


def _department_weight(gap: float, answer: Answer) -> float:
    importance = answer.importance if answer.importance is not None else DEFAULT_IMPORTANCE
    confidence = CONFIDENCE_FACTORS.get(answer.confidence or "", DEFAULT_CONFIDENCE_FACTOR)
    return gap * (importance / 5) * confidence


def _check_kinds(framework: Framework, kinds: Collection[str] | None) -> None:
    if kinds is None:
        return
    declared = [kind.id for kind in framework.support_kinds]
    unknown = sorted(set(kinds) - set(declared))
    if unknown:
        listed = ", ".join(repr(k) for k in unknown)
        what = "is not a kind" if len(unknown) == 1 else "are not kinds"
        raise NetworkError(
            f"{listed} {what} of support of the framework {framework.id}; "
            f"use {', '.join(declared) or 'none'}"
        )

"""Small frameworks, answers and cohorts made in code, so each network test shows its own case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.frameworks import Framework
from stocktake.network import CityContext, Cohort


def answer(indicator: str, value: Any, department: str = "a", **extra: Any) -> Answer:
    """A department's answer; ``support`` is a tuple of support kinds."""
    support = tuple(extra.pop("support", ()))
    return Answer(
        indicator=indicator, value=value, department=department, support_needed=support, **extra
    )


def levels(values: Mapping[str, int], *, evidence: str = "Report 2024") -> list[Answer]:
    """One department's answers at these levels, each citing ``evidence``."""
    return [answer(key, value, evidence=evidence) for key, value in values.items()]


def four_indicators() -> Framework:
    """Two themes of two 0–4 maturity indicators each, scored by the mean."""
    return build_framework(
        [
            group("gov", maturity("G1"), maturity("G2"), kind="theme"),
            group("env", maturity("E1"), maturity("E2"), kind="theme"),
        ],
        target_share=0.75,
    )


def cohort_of(
    framework: Framework,
    answers: Mapping[str, Sequence[Answer]],
    contexts: Iterable[CityContext] = (),
) -> Cohort:
    return Cohort.build(framework, answers, contexts)

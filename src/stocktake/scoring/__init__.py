"""Answers -> indicator points -> group, dimension, pathway and total scores.

``answers`` and ``points`` are imported eagerly; ``scores`` builds on
:mod:`stocktake.consolidate`, which itself needs ``points``, so its names are loaded on first use
to keep the import graph free of cycles.
"""

from typing import TYPE_CHECKING, Any

from stocktake.scoring.answers import CONFIDENCE_LEVELS, Answer
from stocktake.scoring.points import indicator_points, normalised_score

if TYPE_CHECKING:
    from stocktake.scoring.scores import (
        PATHWAY_TITLES,
        AssessmentScore,
        GroupScore,
        IndicatorScore,
        score_assessment,
    )

_FROM_SCORES = {
    "PATHWAY_TITLES",
    "AssessmentScore",
    "GroupScore",
    "IndicatorScore",
    "score_assessment",
}

__all__ = [
    "CONFIDENCE_LEVELS",
    "PATHWAY_TITLES",
    "Answer",
    "AssessmentScore",
    "GroupScore",
    "IndicatorScore",
    "indicator_points",
    "normalised_score",
    "score_assessment",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_SCORES:
        from stocktake.scoring import scores

        return getattr(scores, name)
    raise AttributeError(f"module 'stocktake.scoring' has no attribute {name!r}")

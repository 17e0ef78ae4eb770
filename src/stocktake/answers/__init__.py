"""Answers and the indicator points they earn: the layer under scoring and consolidation.

Both :mod:`stocktake.consolidate` (several departments' answers -> one value) and
:mod:`stocktake.scoring` (points -> group and total scores) need an answer and its points, so they
live here, below both, and neither of the two imports the other's internals to get them.
"""

from stocktake.answers.answer import CONFIDENCE_LEVELS, Answer, AnswerValue, Confidence
from stocktake.answers.points import (
    ValueOutOfBoundsError,
    band_points,
    indicator_points,
    measured_value,
    normalised_score,
    round_to_precision,
)

__all__ = [
    "CONFIDENCE_LEVELS",
    "Answer",
    "AnswerValue",
    "Confidence",
    "ValueOutOfBoundsError",
    "band_points",
    "indicator_points",
    "measured_value",
    "normalised_score",
    "round_to_precision",
]

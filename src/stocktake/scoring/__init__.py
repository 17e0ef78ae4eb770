"""Answers -> indicator points -> group, dimension, pathway and total scores."""

from stocktake.scoring.answers import CONFIDENCE_LEVELS, Answer
from stocktake.scoring.points import indicator_points, normalised_score
from stocktake.scoring.scores import (
    PATHWAY_TITLES,
    AssessmentScore,
    GroupScore,
    IndicatorScore,
    score_assessment,
)

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

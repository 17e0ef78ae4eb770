"""Consolidated indicator points -> group, dimension, pathway and total scores.

Answers and their indicator points sit one layer below, in :mod:`stocktake.answers`, which
:mod:`stocktake.consolidate` uses too; scoring builds on both.
"""

from stocktake.scoring.headline import (
    PointsHeadline,
    PointsLine,
    indicators_expected,
    points_headline,
)
from stocktake.scoring.scores import (
    PATHWAY_TITLES,
    AssessmentScore,
    GroupScore,
    IndicatorScore,
    score_assessment,
)

__all__ = [
    "PATHWAY_TITLES",
    "AssessmentScore",
    "GroupScore",
    "IndicatorScore",
    "PointsHeadline",
    "PointsLine",
    "indicators_expected",
    "points_headline",
    "score_assessment",
]

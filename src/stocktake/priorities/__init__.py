"""The key areas for development, ranked, each with its reasons."""

from stocktake.priorities.ranking import (
    Priority,
    PriorityWeights,
    Reason,
    rank_priorities,
    target_points,
)

__all__ = ["Priority", "PriorityWeights", "Reason", "rank_priorities", "target_points"]

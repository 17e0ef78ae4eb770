"""Several departments' answers -> one value per indicator, disagreement and agreement."""

from stocktake.consolidate.agreement import ordinal_alpha
from stocktake.consolidate.consolidate import (
    DEFAULT_THRESHOLD,
    ConsolidatedValue,
    Consolidation,
    consolidate,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "ConsolidatedValue",
    "Consolidation",
    "consolidate",
    "ordinal_alpha",
]

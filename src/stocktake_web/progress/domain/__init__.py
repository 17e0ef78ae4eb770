"""Progress between rounds: which rounds to compare, the core's comparison of them, and the
change of cities that took part in the network's events beside that of cities that did not."""

from stocktake_web.progress.domain.comparison import (
    ComparedRounds,
    ProgressRefused,
    compare_city_rounds,
)
from stocktake_web.progress.domain.rounds import RoundChoice, RoundNotFound, choose_rounds

__all__ = [
    "ComparedRounds",
    "ProgressRefused",
    "RoundChoice",
    "RoundNotFound",
    "choose_rounds",
    "compare_city_rounds",
]

"""Innovation screening: candidate solutions ranked by what they contribute to a city's agenda.

A network defines its criteria as data (:class:`Criterion`: a weight, a direction, a scale); a
panel of departments scores each candidate on each criterion (:class:`Score`); the scores are
combined by their median, the panel's agreement is measured as the assessments' is, the solutions
are ranked with pymcdm (weighted sum, TOPSIS or PROMETHEE II), and a weight sensitivity analysis
says how stable the ranking is::

    from stocktake.screening import read_criteria, read_scores, screen, weight_sensitivity
    criteria = read_criteria("criteria.csv")
    ranking = screen(criteria, read_scores("scores.csv", criteria), method="topsis")
    ranking.to_frame()
    weight_sensitivity(ranking.matrix, criteria, method="topsis", random_state=0).to_frame()

The methods and the rules for ties and missing scores are in ``docs/screening.md``.
"""

from stocktake.screening.criteria import (
    DIRECTIONS,
    Criterion,
    check_criteria,
    default_criteria,
    normalised_weights,
)
from stocktake.screening.errors import MissingScoresError, ScreeningError, ScreeningFileError
from stocktake.screening.files import read_criteria, read_scores
from stocktake.screening.mcda import METHOD_NAMES, METHODS, competition_ranks, preferences
from stocktake.screening.ranking import RankedSolution, Ranking, rank_solutions, screen
from stocktake.screening.scores import (
    PanelAgreement,
    Score,
    ScoreMatrix,
    combine_scores,
    panel_agreement,
)
from stocktake.screening.stability import SolutionStability, WeightSensitivity, weight_sensitivity

__all__ = [
    "DIRECTIONS",
    "METHODS",
    "METHOD_NAMES",
    "Criterion",
    "MissingScoresError",
    "PanelAgreement",
    "RankedSolution",
    "Ranking",
    "Score",
    "ScoreMatrix",
    "ScreeningError",
    "ScreeningFileError",
    "SolutionStability",
    "WeightSensitivity",
    "check_criteria",
    "combine_scores",
    "competition_ranks",
    "default_criteria",
    "normalised_weights",
    "panel_agreement",
    "preferences",
    "rank_solutions",
    "read_criteria",
    "read_scores",
    "screen",
    "weight_sensitivity",
]

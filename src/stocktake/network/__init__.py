"""The network: shared needs, peers, peer-learning groups, workshop plans and progress.

Pure analyses on the core's objects, for the web application and the command line alike:

* :mod:`~stocktake.network.cohort` — the cities of one round, their answers and context;
* :mod:`~stocktake.network.needs` — support requests and their weights;
* :mod:`~stocktake.network.strengths` — where a city is strong enough to teach;
* :mod:`~stocktake.network.peers` — cities like you, and who can help with a key area;
* :mod:`~stocktake.network.pairs` and :mod:`~stocktake.network.groups` — peer-learning groups;
* :mod:`~stocktake.network.planner` — the workshop planner;
* :mod:`~stocktake.network.progress` and :mod:`~stocktake.network.crosswalk` — what moved
  between two rounds, across framework versions.

Every formula is stated in ``docs/methods.md``, sections 6 to 10.
"""

from stocktake.network.cohort import CityContext, Cohort
from stocktake.network.crosswalk import CrosswalkUse, earlier_framework, reading_framework
from stocktake.network.errors import InfeasibleError, NetworkError
from stocktake.network.groups import Grouping, form_groups, group_count, peer_groups
from stocktake.network.needs import Need, SupportRequest, needs, support_requests
from stocktake.network.pairs import PairValue, pair_values
from stocktake.network.peers import (
    Helper,
    HelpWithKeyArea,
    Similarity,
    SimilarityWeights,
    similar_cities,
    similarity,
    who_can_help,
)
from stocktake.network.planner import (
    Workshop,
    WorkshopChoice,
    WorkshopPlan,
    choose_workshops,
    plan_workshops,
)
from stocktake.network.progress import Change, Progress, compare_rounds
from stocktake.network.reasons import Reason
from stocktake.network.solver import SolverReport
from stocktake.network.strengths import STRONG_SHARE, Strength, city_strengths

__all__ = [
    "STRONG_SHARE",
    "Change",
    "CityContext",
    "Cohort",
    "CrosswalkUse",
    "Grouping",
    "HelpWithKeyArea",
    "Helper",
    "InfeasibleError",
    "Need",
    "NetworkError",
    "PairValue",
    "Progress",
    "Reason",
    "Similarity",
    "SimilarityWeights",
    "SolverReport",
    "Strength",
    "SupportRequest",
    "Workshop",
    "WorkshopChoice",
    "WorkshopPlan",
    "choose_workshops",
    "city_strengths",
    "compare_rounds",
    "earlier_framework",
    "form_groups",
    "group_count",
    "needs",
    "pair_values",
    "peer_groups",
    "plan_workshops",
    "reading_framework",
    "similar_cities",
    "similarity",
    "support_requests",
    "who_can_help",
]

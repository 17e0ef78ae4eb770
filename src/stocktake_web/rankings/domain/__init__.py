"""The cohort composite index with each city's rank interval, and the lookups its pages need."""

from stocktake_web.rankings.domain.index import (
    INTERVAL_COVERAGE,
    REPLICATIONS,
    SEED,
    SPEC,
    VARY,
    CityRank,
    CohortIndex,
    Hidden,
    cohort_index,
    index_data,
    method_text,
)
from stocktake_web.rankings.domain.lookups import (
    Choice,
    chosen_cohort,
    city_framework,
    cohort_framework,
)

__all__ = [
    "INTERVAL_COVERAGE",
    "REPLICATIONS",
    "SEED",
    "SPEC",
    "VARY",
    "Choice",
    "CityRank",
    "CohortIndex",
    "Hidden",
    "chosen_cohort",
    "city_framework",
    "cohort_framework",
    "cohort_index",
    "index_data",
    "method_text",
]

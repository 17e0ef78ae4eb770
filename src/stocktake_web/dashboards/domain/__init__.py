"""What the dashboards read: the places and rounds they show, in as few queries as possible.

The views find their objects and data here and never query the database themselves; a lookup
by address returns ``None`` when there is nothing there, and the view answers "not found".
"""

from stocktake_web.dashboards.domain.cities import (
    assigned_pairs,
    city_with_network,
    exportable_round,
    rounds_of_city,
)
from stocktake_web.dashboards.domain.cohorts import (
    CITIES_PER_PAGE,
    cohort_cities_page,
    cohort_in_network,
    cohorts_of_network,
    network_with_slug,
)

__all__ = [
    "CITIES_PER_PAGE",
    "assigned_pairs",
    "city_with_network",
    "cohort_cities_page",
    "cohort_in_network",
    "cohorts_of_network",
    "exportable_round",
    "network_with_slug",
    "rounds_of_city",
]

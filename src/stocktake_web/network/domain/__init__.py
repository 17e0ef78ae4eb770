"""Building a network: its cities, departments and cohorts; finding them; whether a place is
assessed.
"""

from stocktake_web.network.domain.assessed import is_assessed
from stocktake_web.network.domain.members import (
    add_city,
    add_department,
    create_cohort,
    create_network,
)
from stocktake_web.network.domain.places import (
    CITIES_PER_PAGE,
    city_with_network,
    cohort_cities_page,
    cohort_in_network,
    cohorts_of_network,
    network_with_slug,
)

__all__ = [
    "CITIES_PER_PAGE",
    "add_city",
    "add_department",
    "city_with_network",
    "cohort_cities_page",
    "cohort_in_network",
    "cohorts_of_network",
    "create_cohort",
    "create_network",
    "is_assessed",
    "network_with_slug",
]

"""Building a network: its cities, departments and cohorts; whether a place is assessed."""

from stocktake_web.network.domain.assessed import is_assessed
from stocktake_web.network.domain.members import (
    add_city,
    add_department,
    create_cohort,
    create_network,
)

__all__ = ["add_city", "add_department", "create_cohort", "create_network", "is_assessed"]

"""Building a network: its cities, departments and cohorts."""

from stocktake_web.network.domain.members import (
    add_city,
    add_department,
    create_cohort,
    create_network,
)

__all__ = ["add_city", "add_department", "create_cohort", "create_network"]

"""A seeded generator of fictional, clearly labelled demonstration data.

Nothing here describes a real city: the names are invented and the answers are drawn at random
around each fictional city's strength. Show :data:`BANNER` wherever the data appears.
"""

from stocktake.demo.cast import DEPARTMENT_IDS, CitySetting
from stocktake.demo.network import (
    BANNER,
    DEFAULT_SEED,
    DemoCity,
    DemoCohort,
    DemoDepartment,
    DemoNetwork,
    generate_network,
    later_round,
    training_round,
)

__all__ = [
    "BANNER",
    "DEFAULT_SEED",
    "DEPARTMENT_IDS",
    "CitySetting",
    "DemoCity",
    "DemoCohort",
    "DemoDepartment",
    "DemoNetwork",
    "generate_network",
    "later_round",
    "training_round",
]

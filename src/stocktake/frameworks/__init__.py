"""Indicator frameworks as data: the file schema, its checks, the loader and localised text."""

from stocktake.frameworks.checks import Problem, check_framework
from stocktake.frameworks.loader import (
    bundled_frameworks,
    framework_yaml,
    get_framework,
    load_framework,
    read_framework_file,
    resolve_framework,
)
from stocktake.frameworks.schema import (
    PATHWAYS,
    BandedIndicator,
    ChoiceIndicator,
    Framework,
    Group,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    YesNoIndicator,
)
from stocktake.frameworks.text import localise

__all__ = [
    "PATHWAYS",
    "BandedIndicator",
    "ChoiceIndicator",
    "Framework",
    "Group",
    "Indicator",
    "MaturityIndicator",
    "NumericIndicator",
    "Problem",
    "YesNoIndicator",
    "bundled_frameworks",
    "check_framework",
    "framework_yaml",
    "get_framework",
    "load_framework",
    "localise",
    "read_framework_file",
    "resolve_framework",
]

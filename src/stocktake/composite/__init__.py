"""Composite indices to the OECD/JRC handbook, agreeing with COINr when the same options are chosen.

The build is a chain of pure stages over units × indicators tables, driven by a frozen
specification (:class:`BuildSpec`, read from YAML) so that any build can be recorded and re-run
with one setting changed::

    data = read_tabular("units.csv", "meta.csv")      # or from_frames / from_framework
    result = build(data, load_spec("spec.yaml"))
    result.aggregated, result.ranks, result.treatment.points
    analyse(result).tables()

Each stage also exists as functions on arrays (:mod:`~stocktake.composite.normalise`,
:mod:`~stocktake.composite.aggregate`, :mod:`~stocktake.composite.treat` …) for callers that
vary one stage many times, such as the uncertainty and sensitivity analysis.
"""

from stocktake.composite.analysis import Analysis, analyse, compare
from stocktake.composite.assessments import from_framework
from stocktake.composite.build import STAGE_TABLES, BuildResult, build
from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.errors import AggregationError, CompositeError, SpecError
from stocktake.composite.hierarchy import Hierarchy
from stocktake.composite.spec import BuildSpec, dump_spec, load_spec, parse_spec
from stocktake.composite.tables import read_table, read_tabular

__all__ = [
    "STAGE_TABLES",
    "AggregationError",
    "Analysis",
    "BuildResult",
    "BuildSpec",
    "CompositeData",
    "CompositeError",
    "Hierarchy",
    "SpecError",
    "analyse",
    "build",
    "compare",
    "dump_spec",
    "from_frames",
    "from_framework",
    "load_spec",
    "parse_spec",
    "read_table",
    "read_tabular",
]

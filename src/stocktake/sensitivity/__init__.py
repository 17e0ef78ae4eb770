"""Uncertainty and sensitivity analysis of composite indices, without rebuilding per run.

::

    from stocktake.composite.tables import read_tabular
    from stocktake.composite.spec import load_spec
    from stocktake.sensitivity import load_vary, uncertainty_analysis, sensitivity_analysis

    data = read_tabular("units.csv", "meta.csv")
    spec = load_spec("spec.yaml")
    vary = load_vary("vary.yaml", spec)
    ua = uncertainty_analysis(data, spec, vary, n=1000, random_state=1)
    ua.to_frame()        # per unit: nominal, mean, median, p05, p95 rank
    sa = sensitivity_analysis(data, spec, vary, n=200, bootstrap=100, random_state=1)
    sa.to_frame()        # per input: S, ST and their intervals

The methods follow Saisana, Saltelli & Tarantola (2005) and COINr's ``get_sensitivity``; see
``docs/robustness.md`` for the formulas and for how the speed is obtained.
"""

from stocktake.sensitivity.model import IndexModel
from stocktake.sensitivity.plot import plot_rank_intervals, rank_intervals_figure
from stocktake.sensitivity.randomness import RandomState, as_generator
from stocktake.sensitivity.sobol import SobolIndices, saltelli_design, sobol_indices
from stocktake.sensitivity.uncertainty import UncertaintyResult, uncertainty_analysis
from stocktake.sensitivity.variance import SensitivityResult, sensitivity_analysis
from stocktake.sensitivity.vary import VaryError, VaryInput, VarySpec, load_vary, parse_vary

__all__ = [
    "IndexModel",
    "RandomState",
    "SensitivityResult",
    "SobolIndices",
    "UncertaintyResult",
    "VaryError",
    "VaryInput",
    "VarySpec",
    "as_generator",
    "load_vary",
    "parse_vary",
    "plot_rank_intervals",
    "rank_intervals_figure",
    "saltelli_design",
    "sensitivity_analysis",
    "sobol_indices",
    "uncertainty_analysis",
]

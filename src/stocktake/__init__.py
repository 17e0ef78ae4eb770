"""Stocktake: self-assessment, scoring and benchmarking for networks of cities.

The core package is pure Python analysis with no web framework and no input or output at import
time, so analysts can use it in a notebook. The web application (``stocktake_web``) and the
command line (``stocktake_cli``) are thin layers over it.
"""

from stocktake.errors import StocktakeError

__version__ = "0.1.0"

__all__ = ["StocktakeError", "__version__"]

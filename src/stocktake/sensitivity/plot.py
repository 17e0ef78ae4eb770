"""A picture of rank uncertainty: each unit's nominal and median rank and its 5–95 % interval.

The figure is drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`), never
through ``pyplot`` and never with ``matplotlib.use``: an analyst's notebook keeps its backend and
its open figures, and a server without a display draws it all the same. matplotlib is imported
when a plot is drawn, not when Stocktake is imported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from stocktake.errors import StocktakeError
from stocktake.sensitivity.uncertainty import UncertaintyResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

UnitNames = Mapping[str, str] | pd.Series
"""Unit code -> name: a mapping, or ``CompositeData.unit_names()`` as it is."""

FORMATS = (".png", ".svg")

LEGEND_LABELS = ("5–95 % interval", "median rank", "nominal rank")


def rank_intervals_figure(
    result: UncertaintyResult,
    *,
    units: int | None = None,
    names: UnitNames | None = None,
) -> Figure:
    """The rank intervals of ``result`` as a figure, to show in a notebook or save.

    Units run down the page in nominal order, best first, each labelled by its name (its code
    where ``names`` has none); a bar spans the 5th to 95th percentile rank, a dot marks the
    median and a cross the nominal rank. The legend sits below the axes, outside them, so it
    never covers a marker. ``units`` keeps only the first so many, since a plot of thousands of
    units is unreadable.

    Parameters
    ----------
    result
        An uncertainty analysis (or a sensitivity analysis's ``uncertainty``).
    units
        How many units to draw, best nominal rank first; all by default.
    names
        Unit code -> name, e.g. ``CompositeData.unit_names()``; a unit without one shows its
        code.
    """
    from matplotlib.figure import Figure

    frame = result.to_frame().dropna(subset=["nominal"])
    if units is not None:
        frame = frame.head(units)
    lookup = {str(code): name for code, name in names.items()} if names is not None else {}
    labels = [_unit_label(str(code), lookup) for code in frame.index]
    height = max(2.5, 0.22 * len(frame) + 1.4)
    fig = Figure(figsize=(7.0, height), layout="constrained")
    ax = fig.add_subplot()
    y = range(len(frame))
    ax.hlines(y, frame["p05"], frame["p95"], color="0.6", linewidth=3, label=LEGEND_LABELS[0])
    ax.plot(frame["median"], y, "o", color="#2b6f8f", markersize=4, label=LEGEND_LABELS[1])
    ax.plot(frame["nominal"], y, "x", color="#b03a2e", markersize=4, label=LEGEND_LABELS[2])
    ax.set_yticks(list(y), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"rank of {result.code} over {result.n} replications (1 = best)")
    ax.grid(axis="x", color="0.9")
    fig.legend(loc="outside lower center", ncols=3, fontsize=7, frameon=False)
    return fig


def _unit_label(code: str, names: Mapping[str, object]) -> str:
    name = names.get(code)
    if name is None or (isinstance(name, float) and math.isnan(name)) or not str(name).strip():
        return code
    return str(name)


def plot_rank_intervals(
    result: UncertaintyResult,
    path: str | Path,
    *,
    units: int | None = None,
    names: UnitNames | None = None,
) -> Path:
    """Draw :func:`rank_intervals_figure` to ``path`` (PNG or SVG, by its suffix)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise StocktakeError(f"the plot file must end in .png or .svg, not '{path.suffix}'")
    rank_intervals_figure(result, units=units, names=names).savefig(path)
    return path

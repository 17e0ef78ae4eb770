"""A picture of rank uncertainty: each unit's nominal and median rank and its 5–95 % interval.

matplotlib is imported when a plot is drawn, not when Stocktake is imported, and draws with the
Agg backend, so plotting works on a server without a display.
"""

from __future__ import annotations

from pathlib import Path

from stocktake.errors import StocktakeError
from stocktake.sensitivity.uncertainty import UncertaintyResult

FORMATS = (".png", ".svg")


def plot_rank_intervals(
    result: UncertaintyResult, path: str | Path, *, units: int | None = None
) -> Path:
    """Draw the rank intervals of ``result`` to ``path`` (PNG or SVG, by its suffix).

    Units run down the page in nominal order, best first; a bar spans the 5th to 95th percentile
    rank, a dot marks the median and a cross the nominal rank. ``units`` keeps only the first
    so many, since a plot of thousands of units is unreadable.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise StocktakeError(f"the plot file must end in .png or .svg, not '{path.suffix}'")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    frame = result.to_frame().dropna(subset=["nominal"])
    if units is not None:
        frame = frame.head(units)
    height = max(2.5, 0.22 * len(frame) + 1.0)
    fig, ax = plt.subplots(figsize=(7.0, height))
    y = range(len(frame))
    ax.hlines(y, frame["p05"], frame["p95"], color="0.6", linewidth=3, label="5–95 % interval")
    ax.plot(frame["median"], y, "o", color="#2b6f8f", markersize=4, label="median rank")
    ax.plot(frame["nominal"], y, "x", color="#b03a2e", markersize=4, label="nominal rank")
    ax.set_yticks(list(y), [str(u) for u in frame.index], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"rank of {result.code} over {result.n} replications (1 = best)")
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    ax.grid(axis="x", color="0.9")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

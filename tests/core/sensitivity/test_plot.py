"""The rank-interval plot: labelled by unit name, legend clear of the markers, backend untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from stocktake.composite.data import CompositeData
from stocktake.composite.spec import BuildSpec
from stocktake.errors import StocktakeError
from stocktake.sensitivity.plot import plot_rank_intervals, rank_intervals_figure
from stocktake.sensitivity.synthetic import synthetic_index
from stocktake.sensitivity.uncertainty import UncertaintyResult, uncertainty_analysis
from stocktake.sensitivity.vary import VarySpec


@pytest.fixture(scope="module")
def forty() -> CompositeData:
    """Forty units: enough that markers reach every corner of the axes."""
    return synthetic_index(40, 9, 3, random_state=5)


@pytest.fixture(scope="module")
def result(forty: CompositeData, spec: BuildSpec, jrc_vary: VarySpec) -> UncertaintyResult:
    return uncertainty_analysis(forty, spec, jrc_vary, n=60, random_state=0)


def _names(data: CompositeData) -> dict[str, str]:
    return {str(code): str(name) for code, name in data.unit_names().items()}


def test_rank_plot_labels_units_by_name_best_first(
    result: UncertaintyResult, forty: CompositeData
) -> None:
    names = _names(forty)

    fig = rank_intervals_figure(result, names=forty.unit_names())

    ax = fig.axes[0]
    shown = [label.get_text() for label in ax.get_yticklabels()]
    expected = [names[str(code)] for code in result.to_frame().index]
    assert shown == expected
    assert shown[0] == names[str(result.to_frame().index[0])]


def test_a_unit_without_a_name_is_labelled_by_its_code(
    result: UncertaintyResult, forty: CompositeData
) -> None:
    first, second, *_ = (str(code) for code in result.to_frame().index)
    names = _names(forty) | {first: "  ", second: float("nan")}  # type: ignore[dict-item]

    fig = rank_intervals_figure(result, units=3, names=names)

    shown = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert shown[:2] == [first, second]
    assert len(shown) == 3


def _marker_positions(fig: Figure) -> np.ndarray:
    """Every median and nominal marker, in display coordinates."""
    ax = fig.axes[0]
    points = [np.column_stack(line.get_data()) for line in ax.get_lines() if line.get_marker()]
    return ax.transData.transform(np.vstack(points).astype(float))


def test_legend_sits_outside_the_axes_and_covers_no_marker(result: UncertaintyResult) -> None:
    fig = rank_intervals_figure(result)
    fig.draw_without_rendering()

    legend = fig.legends[0]
    box = legend.get_window_extent()
    axes_box = fig.axes[0].get_window_extent()
    markers = _marker_positions(fig)
    covered = [(x, y) for x, y in markers if box.contains(x, y)]
    assert len(markers) == 2 * len(result.to_frame())
    assert covered == []
    assert not box.overlaps(axes_box)
    assert [text.get_text() for text in legend.get_texts()] == [
        "5–95 % interval",
        "median rank",
        "nominal rank",
    ]
    assert any(isinstance(handle, Line2D) for handle in legend.legend_handles)


def test_plot_files_are_png_or_svg(result: UncertaintyResult, tmp_path: Path) -> None:
    png = plot_rank_intervals(result, tmp_path / "ranks.png", units=10)
    svg = plot_rank_intervals(result, tmp_path / "ranks.svg", units=10)

    assert png.read_bytes().startswith(b"\x89PNG")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(StocktakeError, match=r"must end in \.png or \.svg, not '\.pdf'"):
        plot_rank_intervals(result, tmp_path / "ranks.pdf")
    assert not (tmp_path / "ranks.pdf").exists()


NOTEBOOK_SESSION = """
import sys
import matplotlib
matplotlib.use("svg")
from stocktake.composite.spec import parse_spec
from stocktake.sensitivity import parse_vary, uncertainty_analysis
from stocktake.sensitivity.plot import plot_rank_intervals, rank_intervals_figure
from stocktake.sensitivity.synthetic import synthetic_index

data = synthetic_index(6, 4, 2, random_state=1)
spec = parse_spec({"normalise": {"method": "minmax"}, "aggregate": {"method": "arithmetic"}})
vary = parse_vary({"vary": {"weights": {"noise": 0.2}}}, spec)
result = uncertainty_analysis(data, spec, vary, n=8, random_state=0)
rank_intervals_figure(result)
plot_rank_intervals(result, sys.argv[1])
print(matplotlib.get_backend(), "matplotlib.pyplot" in sys.modules)
"""


def test_plotting_keeps_the_notebooks_backend_and_leaves_pyplot_alone(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", NOTEBOOK_SESSION, str(tmp_path / "ranks.png")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["svg", "False"]
    assert (tmp_path / "ranks.png").read_bytes().startswith(b"\x89PNG")

"""Bar charts as inline SVG, drawn on the server: no script, no external library.

Scores run 0–100. A bar with no score is drawn as an empty track labelled "not scored", so a
missing answer never looks like a zero. The geometry is worked out here; the template
``dashboards/_bar_chart.html`` writes the SVG.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
ROW = 30
BAR = 18
TOP = 22
TICKS = (0, 25, 50, 75, 100)
SCALE = (WIDTH - LABEL_WIDTH - 50) / 100.0
"""Drawing units per score point."""


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None


@dataclass(frozen=True)
class DrawnBar:
    """One row of the chart in drawing units; ``length`` is None for an item with no score."""

    label: str
    short_label: str
    top: int
    baseline: int
    length: float | None
    score: float | None

    @property
    def value_x(self) -> float:
        """Where the score is written: just past the end of the bar."""
        return LABEL_WIDTH + (self.length or 0.0) + 6


@dataclass(frozen=True)
class Tick:
    x: float
    value: int


@dataclass(frozen=True)
class BarChart:
    title: str
    height: int
    ticks: list[Tick]
    bars: list[DrawnBar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    track_length: float = 100 * SCALE
    bar_height: int = BAR
    grid_top: int = TOP - 4


def display_width(text: str) -> int:
    """Columns ``text`` takes: two for wide (CJK) characters, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def shorten(text: str, columns: int = 34) -> str:
    """``text`` cut to ``columns`` display columns, with an ellipsis when cut."""
    if display_width(text) <= columns:
        return text
    out, used = "", 0
    for char in text:
        used += display_width(char)
        if used > columns - 1:
            break
        out += char
    return out + "…"


def bar_chart(bars: list[Bar], *, title: str) -> BarChart:
    """A horizontal bar chart of 0–100 scores, one bar per item, with gridlines every 25.

    A score below zero (which scoring never gives) is drawn from zero, so that no bar reaches
    left into the labels.
    """
    return BarChart(
        title=title,
        height=TOP + ROW * len(bars) + 6,
        ticks=[Tick(LABEL_WIDTH + value * SCALE, value) for value in TICKS],
        bars=[_drawn(bar, n) for n, bar in enumerate(bars)],
    )


def _drawn(bar: Bar, n: int) -> DrawnBar:
    top = TOP + n * ROW
    length = None if bar.score is None else max(bar.score, 0.0) * SCALE
    return DrawnBar(bar.label, shorten(bar.label), top, top + BAR - 4, length, bar.score)

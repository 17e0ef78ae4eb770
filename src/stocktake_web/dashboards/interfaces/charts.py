"""Bar charts of 0–100 scores, drawn on the server as HTML: no script, no external library.

The labels and figures are page text, not drawing: they take the page's own font size however
narrow the card, wrap onto a second line rather than being cut, and carry the full name on
hover. Only each bar is a tiny SVG stretched to its track, since the page's security policy
allows no inline style to set a width. A bar with no score is an empty track marked "not
scored", so a missing answer never looks like a zero. The template
``dashboards/_bar_chart.html`` writes the HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None


@dataclass(frozen=True)
class DrawnBar:
    """One row of the chart; ``length`` (0–100, the share of the track) is None when the item
    has no score."""

    label: str
    length: float | None
    score: float | None


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[DrawnBar]
    ticks: tuple[int, ...] = TICKS


def bar_chart(bars: list[Bar], *, title: str) -> BarChart:
    """A horizontal bar chart of 0–100 scores, one bar per item, with gridlines every 25.

    A score below zero (which scoring never gives) is drawn as an empty bar and one above 100
    as a full one, so that no bar leaves its track; the figure beside it is the score itself.
    """
    return BarChart(title=title, bars=[_drawn(bar) for bar in bars])


def _drawn(bar: Bar) -> DrawnBar:
    length = None if bar.score is None else min(max(bar.score, 0.0), 100.0)
    return DrawnBar(bar.label, length, bar.score)

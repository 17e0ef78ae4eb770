"""Bar charts of 0–100 scores, described once for the dashboard, the report page and its PDF.

The labels and figures are page text, not drawing: they take the page's own font size however
narrow the card, wrap onto a second line rather than being cut, and carry the full name on
hover. Only each bar is a tiny SVG stretched to its track, since the web pages' security policy
allows no inline style to set a width. A bar with no score is an empty track marked "not
scored", so a missing answer never looks like a zero. :func:`stocktake.reports.render.chart_html`
writes the HTML from the template ``templates/bar_chart.html``, the only drawing of a chart.

The bar's colour is an SVG presentation attribute (``fill="…"``), not only a class: WeasyPrint
applies no stylesheet of the page to an inline SVG's shapes and would draw a class-coloured bar
black, while a browser lets a stylesheet rule (the dashboard's theme colour) override the
attribute. One description, the same colour on the page and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

TICKS = (0, 25, 50, 75, 100)
BAR_COLOUR = "#2f6fb3"
"""The bars' fill where no stylesheet sets one (the report's pages and PDF)."""


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
    not_scored: str
    """What an empty track says, in the reader's language."""
    ticks: tuple[int, ...] = TICKS
    colour: str = BAR_COLOUR


def bar_chart(bars: list[Bar], *, title: str, not_scored: str) -> BarChart:
    """A horizontal bar chart of 0–100 scores, one bar per item, with gridlines every 25.

    A score below zero (which scoring never gives) is drawn as an empty bar and one above 100
    as a full one, so that no bar leaves its track; the figure beside it is the score itself.
    """
    return BarChart(title=title, bars=[_drawn(bar) for bar in bars], not_scored=not_scored)


def _drawn(bar: Bar) -> DrawnBar:
    length = None if bar.score is None else min(max(bar.score, 0.0), 100.0)
    return DrawnBar(bar.label, length, bar.score)

"""Bar charts as inline SVG, drawn on the server: no script, no external library.

Scores run 0–100. A bar with no score is drawn as an empty track labelled "not scored", so a
missing answer never looks like a zero.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 250
ROW = 30
BAR = 18
TOP = 22


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None


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


def bar_chart(bars: list[Bar], *, title: str) -> SafeString:
    """A horizontal bar chart of 0–100 scores, one bar per item, with gridlines every 25."""
    height = TOP + ROW * len(bars) + 6
    scale = (WIDTH - LABEL_WIDTH - 50) / 100.0
    grid = format_html_join(
        "",
        '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>'
        '<text x="{x}" y="14" class="tick" text-anchor="middle">{v}</text>',
        (
            {"x": f"{LABEL_WIDTH + v * scale:.1f}", "top": TOP - 4, "bottom": height - 4, "v": v}
            for v in (0, 25, 50, 75, 100)
        ),
    )
    rows = format_html_join("", "{}", ((_bar(bar, n, scale),) for n, bar in enumerate(bars)))
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>{grid}{rows}</svg>',
        w=WIDTH,
        h=height,
        t=title,
        grid=grid,
        rows=rows,
    )


def _bar(bar: Bar, n: int, scale: float) -> SafeString:
    y = TOP + n * ROW
    label = format_html(
        '<text x="{x}" y="{y}" class="label" text-anchor="end"><title>{full}</title>{short}</text>',
        x=LABEL_WIDTH - 8,
        y=y + BAR - 4,
        full=bar.label,
        short=shorten(bar.label),
    )
    track = format_html(
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" class="track"/>',
        x=LABEL_WIDTH,
        y=y,
        w=f"{100 * scale:.1f}",
        h=BAR,
    )
    if bar.score is None:
        value = format_html(
            '<text x="{x}" y="{y}" class="missing">{text}</text>',
            x=LABEL_WIDTH + 6,
            y=y + BAR - 4,
            text=_("not scored"),
        )
    else:
        length = max(bar.score, 0.0) * scale
        value = format_html(
            '<rect x="{x}" y="{y}" width="{w}" height="{h}" class="bar"/>'
            '<text x="{tx}" y="{ty}" class="value">{score}</text>',
            x=LABEL_WIDTH,
            y=y,
            w=f"{length:.1f}",
            h=BAR,
            tx=f"{LABEL_WIDTH + length + 6:.1f}",
            ty=y + BAR - 4,
            score=f"{bar.score:.0f}",
        )
    return format_html('<g class="row">{}{}{}</g>', label, track, value)

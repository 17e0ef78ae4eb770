"""The rank-interval chart as inline SVG drawn on the server: one row per city shown, its
interval as a bar from its best to its worst rank, its rank in the nominal build as a dot.

Rank 1 is on the left. The geometry is worked out here; ``rankings/_rank_chart.html`` writes
the SVG with the dashboards' chart classes (no inline style: the stylesheet colours it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from stocktake_web.rankings.domain import CityRank

WIDTH = 640
LABEL_WIDTH = 220
RIGHT_MARGIN = 24
ROW = 26
BAR = 12
TOP = 24
CAP = 4
"""Half a rank's width at either end of an interval, so an interval of one rank shows."""
TICKS = 6


@dataclass(frozen=True)
class ChartRow:
    label: str
    short_label: str
    top: int
    middle: int
    start: float
    length: float
    dot: float
    rank: int
    low: int
    high: int


@dataclass(frozen=True)
class RankChart:
    title: str
    height: int
    ticks: list[tuple[float, int]]
    rows: list[ChartRow]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    track_length: float = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
    bar_height: int = BAR
    grid_top: int = TOP - 6


def rank_chart(places: Sequence[tuple[str, CityRank]], *, ranked: int, title: str) -> RankChart:
    """Rows for the labelled places that have a rank, on an axis from rank 1 to ``ranked``."""
    rows = [
        _row(label, place, n, ranked)
        for n, (label, place) in enumerate(lp for lp in places if lp[1].rank is not None)
    ]
    return RankChart(
        title=title,
        height=TOP + ROW * len(rows) + 4,
        ticks=[(_x(rank, ranked), rank) for rank in _tick_ranks(ranked)],
        rows=rows,
    )


def _x(rank: float, ranked: int) -> float:
    span = WIDTH - LABEL_WIDTH - RIGHT_MARGIN - 2 * CAP
    return LABEL_WIDTH + CAP + (rank - 1) / max(ranked - 1, 1) * span


def _tick_ranks(ranked: int) -> list[int]:
    """Rank 1, the last rank, and evenly spaced whole ranks between: at most :data:`TICKS`."""
    step = max(1, -(-(ranked - 1) // (TICKS - 1)))
    return sorted({*range(1, ranked + 1, step), ranked})


def _row(label: str, place: CityRank, n: int, ranked: int) -> ChartRow:
    assert place.rank is not None and place.low is not None and place.high is not None
    top = TOP + n * ROW
    start = _x(place.low, ranked) - CAP
    return ChartRow(
        label=label,
        short_label=shorten(label, 28),
        top=top,
        middle=top + BAR // 2,
        start=start,
        length=_x(place.high, ranked) + CAP - start,
        dot=_x(place.rank, ranked),
        rank=place.rank,
        low=place.low,
        high=place.high,
    )


def display_width(text: str) -> int:
    """Columns ``text`` takes: two for wide (CJK) characters, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def shorten(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns, with an ellipsis when cut (the full name
    is the row's hover title)."""
    if display_width(text) <= columns:
        return text
    out, used = "", 0
    for char in text:
        used += display_width(char)
        if used > columns - 1:
            break
        out += char
    return out + "…"

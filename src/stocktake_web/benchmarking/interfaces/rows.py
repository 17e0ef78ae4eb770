"""A benchmark's rows as pages and exports show them: words, hidden statistics and box charts.

The numbers are the core's (:mod:`stocktake.network.benchmark`); here they get titles in the
reader's language, the position in words, the sentence that replaces a statistic a city may not
see, and the geometry of a small box chart (whiskers from the lowest to the best score, the box
from the lower to the upper quartile, a line at the median and a mark at the city's own score),
which ``benchmarking/_box.html`` draws as SVG like the dashboards' bar charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from stocktake.network.benchmark import Distribution, ItemBenchmark, Position
from stocktake_web.benchmarking.domain.benchmarks import Benchmark, Level
from stocktake_web.languages import localised
from stocktake_web.network.domain.consent import COHORT_MINIMUM, Audience

BOX_WIDTH = 220
BOX_HEIGHT = 26
BOX_MARGIN = 6
BOX_SCALE = (BOX_WIDTH - 2 * BOX_MARGIN) / 100.0
"""Drawing units per score point."""

POSITION_WORDS = {
    Position.HIGHEST_QUARTER: gettext_lazy("in the highest quarter of the cohort"),
    Position.ABOVE_MEDIAN: gettext_lazy("above the cohort median"),
    Position.AT_MEDIAN: gettext_lazy("at the cohort median"),
    Position.BELOW_MEDIAN: gettext_lazy("below the cohort median"),
    Position.LOWEST_QUARTER: gettext_lazy("in the lowest quarter of the cohort"),
}
LEVEL_TITLES = {
    "total": gettext_lazy("Overall"),
    "dimension": gettext_lazy("By dimension"),
    "theme": gettext_lazy("By theme"),
    "pathway": gettext_lazy("By development pathway"),
    "indicator": pgettext_lazy("benchmark level", "By indicator"),
}


@dataclass(frozen=True)
class BoxChart:
    """A distribution drawn on a 0–100 track, in drawing units; ``own`` None when unscored."""

    lowest: float
    lower_quartile: float
    median: float
    upper_quartile: float
    best: float
    own: float | None
    label: str
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT
    middle: int = BOX_HEIGHT // 2
    track_start: int = BOX_MARGIN
    track_end: int = BOX_WIDTH - BOX_MARGIN

    @property
    def box_width(self) -> float:
        return max(self.upper_quartile - self.lower_quartile, 1.0)


@dataclass(frozen=True)
class BenchmarkRow:
    """One item of a benchmark, ready for a table row.

    ``hidden`` is the sentence shown instead of the statistics when the reader may not see
    them; ``distribution`` is then None.
    """

    item: str
    title: str
    own: float | None
    distribution: Distribution | None
    position: str
    hidden: str
    chart: BoxChart | None


@dataclass(frozen=True)
class LevelRows:
    name: str
    title: str
    rows: tuple[BenchmarkRow, ...]


def benchmark_levels(bench: Benchmark) -> list[LevelRows]:
    """Every level worth showing: themes only when they differ from the dimensions."""
    shown = []
    for level in bench.levels:
        if level.name == "theme" and set(level.titles) == set(bench.level("dimension").titles):
            continue
        if not level.titles:
            continue
        shown.append(LevelRows(level.name, str(LEVEL_TITLES[level.name]), level_rows(bench, level)))
    return shown


def level_rows(bench: Benchmark, level: Level) -> tuple[BenchmarkRow, ...]:
    return tuple(_row(bench, item, level.titles) for item in level.items)


def hidden_reason(bench: Benchmark, item: ItemBenchmark) -> str:
    """Why the reader may not see this statistic; empty when they may."""
    if not bench.cohort.statistics_shown:
        return _(
            "Hidden: fewer than %(minimum)s cities of the cohort share results on this "
            "framework version, and a statistic of so few cities would reveal their scores."
        ) % {"minimum": COHORT_MINIMUM}
    if item.distribution is None:
        return _("No city of the cohort has a score here.")
    if bench.cohort.audience is Audience.CITY and item.distribution.count < COHORT_MINIMUM:
        return _(
            "Hidden: fewer than %(minimum)s cities have a score here, and a statistic of so "
            "few cities would reveal their scores."
        ) % {"minimum": COHORT_MINIMUM}
    return ""


def position_words(bench: Benchmark, item: ItemBenchmark) -> str:
    """The city's place in words, or why there is none."""
    if bench.city is None:
        return ""
    if item.own is None:
        return _("not scored by your city")
    if item.position is None:
        return ""
    words = str(POSITION_WORDS[item.position])
    if item.is_best:
        return _("%(position)s, level with the best") % {"position": words}
    return words


def _row(
    bench: Benchmark, item: ItemBenchmark, titles: Mapping[str, Mapping[str, str]]
) -> BenchmarkRow:
    title = localised(titles[item.item])
    hidden = hidden_reason(bench, item)
    shown = None if hidden else item.distribution
    return BenchmarkRow(
        item=item.item,
        title=title,
        own=item.own,
        distribution=shown,
        position="" if hidden else position_words(bench, item),
        hidden=hidden,
        chart=None if shown is None else _box(shown, item.own, title),
    )


def _box(found: Distribution, own: float | None, title: str) -> BoxChart:
    def x(score: float) -> float:
        return BOX_MARGIN + min(max(score, 0.0), 100.0) * BOX_SCALE

    return BoxChart(
        lowest=x(found.lowest),
        lower_quartile=x(found.lower_quartile),
        median=x(found.median),
        upper_quartile=x(found.upper_quartile),
        best=x(found.best),
        own=None if own is None else x(own),
        label=_("Cohort scores on %(item)s: lowest, quartiles, median and best") % {"item": title},
    )

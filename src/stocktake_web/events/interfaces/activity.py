"""The year's counts as table rows with a bar each.

A bar's length is a share of the largest count in its table, written as an SVG attribute by
``events/_count_bar.html`` (the stylesheet's ``progress`` bar), so no page needs an inline
style.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stocktake.scoring.scores import PATHWAY_TITLES
from stocktake_web.events.models import Event
from stocktake_web.languages import localised
from stocktake_web.network.models import City


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    largest: int


def count_rows(counts: Iterable[tuple[str, int]]) -> list[CountRow]:
    """Rows in the given order, each knowing the largest count it is drawn against."""
    listed = list(counts)
    largest = max((count for _label, count in listed), default=0)
    return [CountRow(label, count, largest) for label, count in listed]


def pathway_labels(keys: Iterable[str]) -> list[str]:
    """The pathways' titles in the reader's language."""
    return [localised(PATHWAY_TITLES[key]) for key in keys]


def pathway_rows(counts: Iterable[tuple[str, int]]) -> list[CountRow]:
    listed = list(counts)
    labels = pathway_labels(key for key, _count in listed)
    return count_rows(zip(labels, (count for _key, count in listed), strict=True))


def city_rows(counts: Iterable[tuple[City, int]]) -> list[CountRow]:
    return count_rows((localised(city.name), count) for city, count in counts)


def kind_rows(counts: Iterable[tuple[str, int]]) -> list[CountRow]:
    return count_rows((str(Event.Kind(kind).label), count) for kind, count in counts)

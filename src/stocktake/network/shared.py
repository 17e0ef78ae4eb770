"""What several cities of a cohort have in common: key areas for development and support asked.

Both summaries serve the secretariat's choice of workshops: a key area that most cities share,
or a kind of support many departments ask for on one indicator, is where one event serves many.

* :func:`shared_key_areas` counts, for each indicator, the cities that have it among their key
  areas for development (each city's top areas as ranked by :mod:`stocktake.priorities`).
* :func:`support_totals` adds up the support requests of :func:`~stocktake.network.support_requests`
  by indicator, kind of support and department: how many requests, from how many cities, and
  their summed weight (``docs/methods.md``, section 6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from stocktake.network.needs import WEIGHT_DIGITS, SupportRequest


@dataclass(frozen=True)
class SharedKeyArea:
    """An indicator and the cities that count it among their key areas for development."""

    indicator: str
    cities: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.cities)


def shared_key_areas(
    key_areas: Mapping[str, Sequence[str]], *, order: Sequence[str] = ()
) -> list[SharedKeyArea]:
    """Indicators by the number of cities that have them as a key area, most shared first.

    Parameters
    ----------
    key_areas
        City id -> the indicator ids of its key areas (its top ten, say). An indicator a city
        lists twice counts once.
    order
        The framework's indicator order, to break ties between equally shared indicators; an
        indicator not in it comes after, by id.
    """
    cities_of: dict[str, set[str]] = {}
    for city, indicators in key_areas.items():
        for indicator in indicators:
            cities_of.setdefault(indicator, set()).add(city)
    rank = {indicator: k for k, indicator in enumerate(order)}
    found = [SharedKeyArea(ind, tuple(sorted(cities))) for ind, cities in cities_of.items()]
    found.sort(key=lambda a: (-a.count, rank.get(a.indicator, len(rank)), a.indicator))
    return found


@dataclass(frozen=True)
class SupportTotal:
    """The support requests of a cohort on one indicator, of one kind, from one department."""

    indicator: str
    kind: str
    department: str
    requests: int
    weight: float
    cities: tuple[str, ...]


def support_totals(
    requests: Iterable[SupportRequest], *, order: Sequence[str] = ()
) -> list[SupportTotal]:
    """Requests added up by indicator × kind of support × department, heaviest first.

    The weight is the sum of the requests' weights, rounded as request weights are, so that the
    totals of a table add up the same wherever they are recomputed. Ties go in the framework's
    indicator ``order``, then by kind and department.
    """
    grouped: dict[tuple[str, str, str], list[SupportRequest]] = {}
    for request in requests:
        key = (request.indicator, request.kind, request.department)
        grouped.setdefault(key, []).append(request)
    rank = {indicator: k for k, indicator in enumerate(order)}
    found = [
        SupportTotal(
            indicator=indicator,
            kind=kind,
            department=department,
            requests=len(rows),
            weight=round(sum(r.weight for r in rows), WEIGHT_DIGITS),
            cities=tuple(sorted({r.city for r in rows})),
        )
        for (indicator, kind, department), rows in grouped.items()
    ]
    found.sort(
        key=lambda t: (
            -t.weight,
            rank.get(t.indicator, len(rank)),
            t.indicator,
            t.kind,
            t.department,
        )
    )
    return found

"""The cohort overview's table: one row per city, each rendered by a template and kept.

The overview shows fifty cities a page. A row's key holds everything the row shows (see
:func:`_row_key`), so a row is worked out and rendered only when its city's latest round
changed; the page reads every row's key at once and renders only the rows it missed, so an
answer saved in one city leaves the other rows of the page as they were.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from stocktake_web.assessments.domain import progress_markers
from stocktake_web.assessments.domain.completion import (
    CityStatus,
    LatestRound,
    cohort_status,
    latest_rounds,
)
from stocktake_web.assessments.models import Round
from stocktake_web.languages import localised
from stocktake_web.network.models import City

ROW_SECONDS = 24 * 3600
"""How long a rendered row is kept at most; a change to the city's latest round replaces it
sooner, since the key holds the round's progress marker."""


@dataclass(frozen=True)
class CohortLine:
    """One city of the overview, its names and labels in the active language.

    ``round`` is None when the city has no round yet; ``framework`` is the framework's title
    and exact version, as the city dashboard names it.
    """

    url: str
    name: str
    kind: str
    country: str
    round: LatestRound | None = None
    framework: str = ""
    state_label: str = ""
    answered: int = 0
    assigned: int = 0
    overdue: tuple[str, ...] = ()


def cohort_rows(cities: list[City], *, today: datetime.date) -> list[SafeString]:
    """The table rows of ``cities``, in order: kept ones read in one go, the others rendered.

    Three queries when every row is kept (the latest rounds, their progress markers and the
    rows); three more for the progress of the cities whose rows were missed.
    """
    latest = latest_rounds(cities)
    markers = progress_markers([round.pk for round in latest.values()])
    keys = {city.pk: _row_key(city, latest.get(city.pk), markers, today) for city in cities}
    rows: dict[str, SafeString] = cache.get_many(list(keys.values()))
    missed = [city for city in cities if keys[city.pk] not in rows]
    if missed:
        rounds = {city.pk: latest[city.pk] for city in missed if city.pk in latest}
        made = _rendered_rows(cohort_status(missed, rounds, today=today), keys)
        cache.set_many(made, ROW_SECONDS)
        rows |= made
    return [rows[keys[city.pk]] for city in cities]


def _rendered_rows(statuses: list[CityStatus], keys: dict[int, str]) -> dict[str, SafeString]:
    """Each city's row under its key; every label translated once for all the rows."""
    kinds = {value: str(label) for value, label in City.Kind.choices}
    states = {value: str(label) for value, label in Round.State.choices}
    template = get_template("dashboards/_cohort_row.html")
    return {
        keys[status.city.pk]: SafeString(template.render({"line": _line(status, kinds, states)}))
        for status in statuses
    }


def _line(status: CityStatus, kinds: dict[str, str], states: dict[str, str]) -> CohortLine:
    city, current = status.city, status.round
    place = CohortLine(
        url=reverse("dashboards:city", args=[city.slug]),
        name=localised(city.name),
        kind=kinds.get(city.kind, city.kind),
        country=city.country,
    )
    if current is None:
        return place
    return replace(
        place,
        round=current,
        framework=f"{localised(current.framework_title)} ({current.framework_key})",
        state_label=states.get(current.state, current.state),
        answered=status.answered,
        assigned=status.assigned,
        overdue=tuple(localised(name) for name in status.overdue),
    )


def _row_key(
    city: City,
    round: LatestRound | None,
    markers: dict[int, tuple[object, ...]],
    today: datetime.date,
) -> str:
    """The language, the day (overdue departments), the city as loaded, its latest round's
    own fields and that round's progress marker: a change to any of them makes a new key."""
    shown: tuple[object, ...] = (city.pk, city.slug, city.name, city.kind, city.country)
    if round is not None:
        shown += (round.pk, round.name, round.state, round.deadline, round.framework_key)
        shown += markers.get(round.pk, ())
    digest = hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()
    return f"cohort-row:{get_language() or ''}:{today.isoformat()}:{digest}"

"""The cohort overview's lines, with every text worked out once in Python.

The overview shows fifty cities a page; asking the template engine for each city's localised
name, kind and state labels and translated phrases cost more than everything else on the page.
Here each label is translated once per request and each line is a plain record the template
only prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stocktake_web.assessments.domain.completion import CityStatus
from stocktake_web.assessments.models import Round
from stocktake_web.languages import localised
from stocktake_web.network.models import City


@dataclass(frozen=True)
class CohortLine:
    """One city of the overview. ``round_name`` is empty when the city has no round yet."""

    url: str
    name: str
    kind: str
    country: str
    round_name: str = ""
    framework_key: str = ""
    due: str = ""
    state: str = ""
    state_label: str = ""
    completion: str = ""
    width: int = 0
    overdue: tuple[str, ...] = ()


def cohort_lines(statuses: list[CityStatus]) -> list[CohortLine]:
    """The overview's lines for ``statuses``, in the active language."""
    kinds = {value: str(label) for value, label in City.Kind.choices}
    states = {value: str(label) for value, label in Round.State.choices}
    return [_line(status, kinds, states) for status in statuses]


def _line(status: CityStatus, kinds: dict[str, str], states: dict[str, str]) -> CohortLine:
    city = status.city
    place = {
        "url": reverse("dashboards:city", args=[city.slug]),
        "name": localised(city.name),
        "kind": kinds.get(city.kind, city.kind),
        "country": city.country,
    }
    current = status.round
    if current is None:
        return CohortLine(**place)
    deadline = date_format(current.deadline, "DATE_FORMAT")
    return CohortLine(
        **place,
        round_name=current.name,
        framework_key=current.framework.key,
        due=_("due %(date)s") % {"date": deadline},
        state=current.state,
        state_label=states.get(current.state, current.state),
        completion=_("%(done)s of %(total)s") % {"done": status.answered, "total": status.assigned},
        width=round(100 * status.share),
        overdue=tuple(localised(name) for name in status.overdue),
    )

"""The cohort overview's lines, with every text worked out once in Python.

The overview shows fifty cities a page; asking the template engine for each city's localised
name, kind and state labels and translated phrases cost more than everything else on the page.
Here each label is translated once per request, each line is a plain record, and each line's
table row is written by :func:`row_html`, so that a page can keep the rows of cities whose
rounds did not change and write only the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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
    framework: str = ""
    """The framework's title in the active language and its exact version, as the city
    dashboard names it."""
    due: str = ""
    state: str = ""
    state_label: str = ""
    completion: str = ""
    answered: int = 0
    assigned: int = 0
    width: int = 0
    overdue: tuple[str, ...] = ()


def cohort_lines(statuses: list[CityStatus]) -> list[CohortLine]:
    """The overview's lines for ``statuses``, in the active language."""
    kinds = {value: str(label) for value, label in City.Kind.choices}
    states = {value: str(label) for value, label in Round.State.choices}
    return [_line(status, kinds, states) for status in statuses]


def _line(status: CityStatus, kinds: dict[str, str], states: dict[str, str]) -> CohortLine:
    city = status.city
    url = reverse("dashboards:city", args=[city.slug])
    place = (url, localised(city.name), kinds.get(city.kind, city.kind), city.country)
    current = status.round
    if current is None:
        return CohortLine(*place)
    deadline = date_format(current.deadline, "DATE_FORMAT")
    return CohortLine(
        *place,
        round_name=current.name,
        framework=f"{localised(current.framework_title)} ({current.framework_key})",
        due=_("due %(date)s") % {"date": deadline},
        state=current.state,
        state_label=states.get(current.state, current.state),
        completion=_("%(done)s of %(total)s") % {"done": status.answered, "total": status.assigned},
        answered=status.answered,
        assigned=status.assigned,
        width=round(100 * status.share),
        overdue=tuple(localised(name) for name in status.overdue),
    )


def row_html(line: CohortLine) -> SafeString:
    """The table row of one line of the overview."""
    place = format_html(
        '<td><a href="{}">{}</a><br><span class="muted">{}, {}</span></td>',
        line.url,
        line.name,
        line.kind,
        line.country,
    )
    if not line.round_name:
        return format_html(
            '<tr>{}<td colspan="4" class="muted">{}</td></tr>\n', place, _("No round yet.")
        )
    if line.overdue:
        late = format_html_join(
            " ", '<span class="badge overdue">{}</span>', ((n,) for n in line.overdue)
        )
    else:
        late = format_html('<span class="muted">{}</span>', _("none"))
    return format_html(
        '<tr>{}<td>{}<br><span class="muted">{} · {}</span></td>'
        '<td><span class="badge {}">{}</span></td>'
        '<td><div class="progress{}"><span class="track" role="progressbar" aria-valuemin="0"'
        ' aria-valuemax="{}" aria-valuenow="{}">'
        '<span class="fill" style="width: {}%"></span></span>'
        ' <span class="muted">{}</span></div></td>'
        "<td>{}</td></tr>\n",
        place,
        line.round_name,
        line.framework,
        line.due,
        line.state,
        line.state_label,
        " overdue" if line.overdue else "",
        line.assigned,
        line.answered,
        line.width,
        line.completion,
        late,
    )

"""A round's panels on the city dashboard: scores, key areas, progress, charts and heatmap.

Computing results and drawing the heatmap costs tens of milliseconds, while people reload
dashboards far more often than answers change: the panels are rendered once and kept until
the round changes.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stocktake.reports.charts import bar_chart
from stocktake_web.assessments.domain import change_marker, round_records
from stocktake_web.assessments.domain.completion import department_progress
from stocktake_web.assessments.domain.coordination import assigned_pairs
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.exports import LARGE_ROUND_ANSWERS
from stocktake_web.dashboards.interfaces.heatmap import heatmap
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard

ROUND_PANELS_SECONDS = 24 * 3600
"""How long a round's rendered panels are kept at most; any change to the round replaces them
sooner, since the cache key holds the round's change marker."""


def round_panels(round: Round, *, today: datetime.date, exports: bool = True) -> SafeString:
    """The round's panels, rendered once and kept until the round changes.

    The key holds everything the panels depend on: the round's change marker (one query), its
    state and deadline, the day (overdue departments), the language, and whether the reader
    may export (a respondent reading the dashboard may not).
    """
    key = ":".join(
        [
            "round-panels",
            str(round.pk),
            round.state,
            round.deadline.isoformat(),
            today.isoformat(),
            get_language() or "",
            "exports" if exports else "no-exports",
            change_marker(round),
        ]
    )
    html: SafeString | None = cache.get(key)
    if html is None:
        context = _context(round, today) | {"exports": exports}
        html = SafeString(render_to_string("dashboards/_round.html", context))
        cache.set(key, html, ROUND_PANELS_SECONDS)
    return html


def _context(round: Round, today: datetime.date) -> dict[str, object]:
    """Scores and key areas (the stored ones once signed off), progress, charts and heatmap."""
    shown = round_records(round)
    framework = shown.framework
    board = scoreboard(shown.record, shown.priorities, framework, stored=shown.stored)
    progress = department_progress(round, today=today)
    departments = [item.department for item in progress]
    return {
        "round": round,
        "framework": framework,
        "progress": progress,
        "board": board,
        "dimension_chart": bar_chart(
            board.dimensions, title=_("Scores by dimension"), not_scored=_("not scored")
        ),
        "pathway_chart": bar_chart(
            board.pathways, title=_("Scores by development pathway"), not_scored=_("not scored")
        ),
        "heat_departments": departments,
        "heatmap": heatmap(framework, shown.consolidation, departments, assigned_pairs(round)),
        "export_in_background": sum(item.assigned for item in progress) > LARGE_ROUND_ANSWERS,
    }

"""A round's workshop session as the city dashboard and the report show it.

The dashboard and the report belong to their own apps; these tags let them show what this app
keeps without their views knowing about it (one query when the round has no session).
"""

from __future__ import annotations

from typing import Any

from django import template

from stocktake_web.assessments.models import Round
from stocktake_web.workshops.interfaces.screen import workshop_results as results_of

register = template.Library()


@register.inclusion_tag("workshops/_results.html")
def workshop_results(round: Round) -> dict[str, Any]:
    """The session's results on the dashboard: who was there, the room's scores beside the
    departments' own answers, and the dissent recorded."""
    return {"results": results_of(round)}


@register.inclusion_tag("workshops/_report.html")
def workshop_report(round: Round) -> dict[str, Any]:
    """The same, as a section of the city report (HTML and PDF)."""
    return {"results": results_of(round)}

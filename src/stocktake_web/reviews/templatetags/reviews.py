"""The revision requests and comment thread of an answer, shown inside the assessments' pages.

The indicator, department and round pages belong to the assessments app; these tags let them
show what this app keeps without their views knowing about it. Each tag reads through
``reviews.domain.lookups`` (one query each) and decides with ``permissions``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from stocktake_web import permissions
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.network.models import Department
from stocktake_web.reviews.domain.lookups import (
    open_requests_of_department,
    open_requests_of_round,
    requests_of_answer,
    thread_of,
    time_zone_of,
)
from stocktake_web.reviews.models import MESSAGE_MAX_LENGTH

register = template.Library()


def _request_of(context: template.Context) -> HttpRequest:
    request: HttpRequest = context["request"]
    return request


@register.inclusion_tag("reviews/_requests.html", takes_context=True)
def revision_requests(context: template.Context, answer: Answer) -> dict[str, Any]:
    """The open request as a banner, the coordinator's buttons, and the settled ones."""
    user = _request_of(context).user
    found = requests_of_answer(answer)
    current = next((each for each in found if each.is_open), None)
    round = answer.assignment.round
    coordinator = permissions.can_request_revision(user, answer) and not round.is_signed_off
    return {
        "answer": answer,
        "current": current,
        "settled": [each for each in found if not each.is_open],
        "coordinator": coordinator,
        "respondent": permissions.is_assigned_respondent(user, answer),
        "zone": time_zone_of(answer) if found else "UTC",
        "max_length": MESSAGE_MAX_LENGTH,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/_thread.html", takes_context=True)
def comment_thread(context: template.Context, answer: Answer) -> dict[str, Any]:
    """The answer's comments, oldest first, with the form for those who may post."""
    user = _request_of(context).user
    round = answer.assignment.round
    comments = thread_of(answer)
    return {
        "answer": answer,
        "comments": comments,
        "can_post": permissions.can_comment_on_answer(user, answer) and not round.is_signed_off,
        "zone": time_zone_of(answer) if comments else "UTC",
        "max_length": MESSAGE_MAX_LENGTH,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/_department_requests.html")
def department_revision_requests(round: Round, department: Department) -> dict[str, Any]:
    """The department's open requests, each linking to its answer: what to revise first."""
    found = open_requests_of_department(round, department)
    framework = round.framework.load() if found else None
    return {
        "requests": [
            (each, framework.indicator(each.answer.assignment.indicator) if framework else None)
            for each in found
        ],
    }


@register.simple_tag(takes_context=True)
def answers_readable(context: template.Context, round: Round, department: Department) -> bool:
    """``{% answers_readable round department as readable %}``: whether the signed-in person may
    open the department's answers (and their evidence files) in the round."""
    user = _request_of(context).user
    return permissions.can_view_department_answers(user, round, department)


@register.inclusion_tag("reviews/_round_requests.html")
def round_revision_requests(round: Round) -> dict[str, Any]:
    """The round's open requests, by department: what the coordinator still has to settle."""
    return {"requests": open_requests_of_round(round)}

"""A view's objects, found through the domain with what its checks and page need, or "not
found"."""

from __future__ import annotations

from typing import TypeVar, cast

from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.lookups import (
    answer_with_round,
    conflict_with_id,
    department_of_round,
    round_with_framework,
)
from stocktake_web.assessments.models import Answer, Conflict, Round
from stocktake_web.network.models import Department

T = TypeVar("T")


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: ``request.htmx`` says whether the page's
    script (autosave) sent it."""

    htmx: HtmxDetails


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person; every view here is behind ``login_required``."""
    return cast(User, request.user)


def round_or_404(round_id: int) -> Round:
    return _found(round_with_framework(round_id))


def department_or_404(round: Round, slug: str) -> Department:
    return _found(department_of_round(round, slug))


def answer_or_404(answer_id: int) -> Answer:
    return _found(answer_with_round(answer_id))


def conflict_or_404(conflict_id: int) -> Conflict:
    return _found(conflict_with_id(conflict_id))


def _found(thing: T | None) -> T:
    """``thing``, or "not found" when the domain found nothing at the address asked for."""
    if thing is None:
        raise Http404
    return thing

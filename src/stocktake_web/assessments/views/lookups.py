"""Loading a view's objects with what its checks and page need, in as few queries as possible."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import (
    Answer,
    Round,
)
from stocktake_web.network.models import Department


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: ``request.htmx`` says whether the page's
    script (autosave) sent it."""

    htmx: HtmxDetails


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person; every view here is behind ``login_required``."""
    return cast(User, request.user)


def round_or_404(round_id: int) -> Round:
    return get_object_or_404(Round.objects.with_framework().select_related("sign_off"), pk=round_id)


def department_or_404(round: Round, slug: str) -> Department:
    return get_object_or_404(Department, city_id=round.city_id, slug=slug)


def answer_or_404(answer_id: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related(
            "assignment__round__city", "assignment__round__framework", "assignment__department"
        ).defer("assignment__round__framework__definition"),
        pk=answer_id,
    )

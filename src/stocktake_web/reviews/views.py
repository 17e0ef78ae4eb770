"""Revision requests and comments: each a POST from the indicator page, which shows them.

The indicator page (``assessments:answer``) renders the banner, the requests and the thread
through the ``reviews`` template tags; these views change them and send the person back there.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stocktake_web import permissions
from stocktake_web.assessments.models import Answer
from stocktake_web.assessments.views.lookups import answer_or_404, signed_in_user
from stocktake_web.reviews.domain.comments import post_comment
from stocktake_web.reviews.domain.errors import ReviewError
from stocktake_web.reviews.domain.lookups import revision_request_with_answer
from stocktake_web.reviews.domain.requests import request_revision, settle_revision


def _back_to(answer: Answer, part: str) -> HttpResponse:
    return redirect(reverse("assessments:answer", args=[answer.pk]) + f"#{part}")


@login_required
@require_POST
def ask_for_revision(request: HttpRequest, answer_id: int) -> HttpResponse:
    """The coordinator asks the answer's department to revise it, with a message."""
    answer = answer_or_404(answer_id)
    permissions.authorize_answer(
        request.user, answer=answer, allowed=permissions.can_request_revision(request.user, answer)
    )
    try:
        request_revision(
            answer=answer, by=signed_in_user(request), message=request.POST.get("message", "")
        )
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The department is asked to revise this answer."))
    return _back_to(answer, "revision")


@login_required
@require_POST
def settle(request: HttpRequest, request_id: int) -> HttpResponse:
    """The coordinator settles a revision request: the answer stands as it is now."""
    found = revision_request_with_answer(request_id)
    if found is None:
        raise Http404
    permissions.authorize_answer(
        request.user,
        answer=found.answer,
        allowed=permissions.can_request_revision(request.user, found.answer),
    )
    try:
        settle_revision(request=found, by=signed_in_user(request))
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The revision request is settled."))
    return _back_to(found.answer, "revision")


@login_required
@require_POST
def comment(request: HttpRequest, answer_id: int) -> HttpResponse:
    """Post to the answer's thread: its department's respondents and the coordinator."""
    answer = answer_or_404(answer_id)
    permissions.authorize_answer(
        request.user, answer=answer, allowed=permissions.can_comment_on_answer(request.user, answer)
    )
    try:
        post_comment(answer=answer, by=signed_in_user(request), text=request.POST.get("text", ""))
    except ReviewError as exc:
        messages.error(request, str(exc))
    return _back_to(answer, "comments")

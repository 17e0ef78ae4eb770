"""Asking a department to revise one answer, and settling the request.

An open request reopens that one answer for its department's respondents, even after the
department submitted or answering closed, until the round is signed off (``check_editable`` in
the assessments domain asks
``RevisionRequest.objects.is_open_on``). Saving the answer settles nothing: the
request then reads "revised", and the coordinator settles it (accepting the revision, or
deciding that none is needed). At most one request per answer is open at a time.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round, refused_if_taken
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.audit.domain.events import record_revision_requested, record_revision_settled
from stocktake_web.reviews.domain.errors import ReviewError
from stocktake_web.reviews.domain.messages import stated_message
from stocktake_web.reviews.models import RevisionRequest


def request_revision(*, answer: Answer, by: User, message: str) -> RevisionRequest:
    """Ask the answer's department to revise it, saying what and why.

    Refused once the round is signed off (its results are frozen), with an empty or too long
    message, and while a request on the answer is open (a second coordinator, or a double
    click). The department's respondents are told by e-mail once the request is stored.
    """
    text = stated_message(message, empty=_("Say what should be revised: the message is empty."))
    round = answer.assignment.round
    already = _("A revision of this answer is already requested; settle that request first.")
    with transaction.atomic():
        _require_not_signed_off(locked_round(round))
        if RevisionRequest.objects.is_open_on(answer.pk):
            raise ReviewError(already)
        with refused_if_taken(already):
            request = RevisionRequest.objects.create(
                answer=answer, requested_by=by, message=text, answer_version=answer.version
            )
        record_revision_requested(request=request, round=round, by=by)
    _notify(request)
    return request


def settle_revision(*, request: RevisionRequest, by: User) -> RevisionRequest:
    """Close the request: the answer as it stands is accepted, and it follows its department's
    state again (read-only once submitted or closed). A second click is refused."""
    round = request.answer.assignment.round
    with transaction.atomic():
        _require_not_signed_off(locked_round(round))
        updated = RevisionRequest.objects.filter(
            pk=request.pk, state=RevisionRequest.State.OPEN
        ).update(state=RevisionRequest.State.SETTLED, settled_by=by, settled_at=timezone.now())
        if not updated:
            raise ReviewError(_("This revision request is already settled."))
        request.refresh_from_db(fields=["state", "settled_by", "settled_at"])
        record_revision_settled(request=request, round=round, by=by)
    return request


def _require_not_signed_off(round: Round) -> None:
    if round.is_signed_off:
        raise ReviewError(
            _("This round is signed off; withdraw the sign-off before asking for revisions.")
        )


def _notify(request: RevisionRequest) -> None:
    """Tell the department's respondents, through the notifications app's e-mail (once that
    app sends e-mail: until its module exists, the request is shown in the pages only)."""
    try:
        from stocktake_web.notifications.domain.send import notify_revision_requested
    except ModuleNotFoundError as missing:
        if missing.name != "stocktake_web.notifications.domain.send":
            raise
        return
    assert request.requested_by is not None
    notify_revision_requested(
        answer=request.answer, requested_by=request.requested_by, message=request.message
    )

"""What the revision requests and comment threads show, one query each; a request by its
address.

Each lookup returns None or an empty list when there is nothing; the views answer "not found".
"""

from __future__ import annotations

from stocktake_web.assessments.models import Answer, Round
from stocktake_web.network.models import Department, Network
from stocktake_web.reviews.models import Comment, RevisionRequest


def revision_request_with_answer(request_id: int) -> RevisionRequest | None:
    """The request with its answer, round, city and department: what the permission check and
    the settling read."""
    found = RevisionRequest.objects.select_related(
        "answer__assignment__round__city", "answer__assignment__department"
    )
    return found.filter(pk=request_id).first()


def requests_of_answer(answer: Answer) -> list[RevisionRequest]:
    """Every revision request on ``answer``, newest first, with who asked and who settled."""
    found = RevisionRequest.objects.filter(answer_id=answer.pk)
    return list(found.select_related("answer", "requested_by", "settled_by"))


def open_requests_of_department(round: Round, department: Department) -> list[RevisionRequest]:
    """The department's open requests in the round, oldest first (the first asked is the first
    to revise), with the answer and its indicator."""
    found = RevisionRequest.objects.filter(
        state=RevisionRequest.State.OPEN,
        answer__assignment__round_id=round.pk,
        answer__assignment__department_id=department.pk,
    )
    found = found.select_related("answer__assignment", "requested_by")
    return list(found.order_by("created_at", "id"))


def open_requests_of_round(round: Round) -> list[RevisionRequest]:
    """Every open request of the round, by department, with the answer and its department:
    what the coordinator has asked for and not settled yet."""
    found = RevisionRequest.objects.filter(
        state=RevisionRequest.State.OPEN, answer__assignment__round_id=round.pk
    )
    found = found.select_related("answer__assignment__department", "requested_by")
    return list(found.order_by("answer__assignment__department__slug", "created_at", "id"))


def thread_of(answer: Answer) -> list[Comment]:
    """The answer's comments, oldest first, with their authors."""
    return list(Comment.objects.filter(answer_id=answer.pk).select_related("author"))


def time_zone_of(answer: Answer) -> str:
    """The time zone of the answer's network, in which its thread's times are shown."""
    zone = Network.objects.filter(cities=answer.assignment.round.city_id).values_list(
        "time_zone", flat=True
    )
    return zone.first() or "UTC"

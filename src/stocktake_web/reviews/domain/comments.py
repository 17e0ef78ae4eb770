"""Posting to an answer's comment thread."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.concurrency import locked_round
from stocktake_web.assessments.models import Answer
from stocktake_web.reviews.domain.errors import ReviewError
from stocktake_web.reviews.domain.messages import stated_message
from stocktake_web.reviews.models import Comment


def post_comment(*, answer: Answer, by: User, text: str) -> Comment:
    """Add ``text`` to the answer's thread, by ``by``.

    Refused once the round is signed off: the thread is then part of the record the results
    were signed off on. Who may post is the view's check (``permissions.can_comment_on_answer``).
    """
    text = stated_message(text, empty=_("Write something before posting: the comment is empty."))
    with transaction.atomic():
        if locked_round(answer.assignment.round).is_signed_off:
            raise ReviewError(_("This round is signed off; its comments can be read, not added."))
        return Comment.objects.create(answer=answer, author=by, text=text)

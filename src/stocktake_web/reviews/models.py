"""A coordinator's requests to revise one answer, and the comment thread on each answer.

Both are rows beside the answer they concern, never part of it: the answer's own history keeps
what changed, these keep why it was asked to and what was said about it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import Answer

MESSAGE_MAX_LENGTH = 2000
"""Longest revision request or comment, in characters: a paragraph or two, never a document
(evidence belongs in the answer's evidence)."""


class RevisionRequestQuerySet(models.QuerySet["RevisionRequest"]):
    def is_open_on(self, answer_id: int) -> bool:
        """Whether a request on that answer is open: the answer is then editable for its
        department (see :class:`RevisionRequest`)."""
        return self.filter(answer_id=answer_id, state=RevisionRequest.State.OPEN).exists()


class RevisionRequest(models.Model):
    """The coordinator asks the department that gave ``answer`` to revise it.

    While a request is open the answer can be changed even after the department submitted or
    answering closed (until sign-off); ``answer_version`` is the answer's version when asked, so a
    later save shows the request as revised. The coordinator settles it.
    """

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("revision request", "Open")
        SETTLED = "settled", pgettext_lazy("revision request", "Settled")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revision_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("what to revise"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    answer_version = models.PositiveIntegerField(
        help_text=_("The answer's version when the revision was requested.")
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionRequestQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["answer"],
                condition=Q(state="open"),
                name="revision_request_one_open",
            ),
        )

    def __str__(self) -> str:
        return f"revision of {self.answer_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_revised(self) -> bool:
        """The answer was saved since the request: the coordinator has something to look at."""
        return self.answer.version > self.answer_version


class Comment(models.Model):
    """One message in an answer's thread, plain text, shown oldest first."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = (models.Index(fields=["answer", "created_at"], name="comment_answer_time"),)

    def __str__(self) -> str:
        return f"comment on {self.answer_id} by {self.author_id}"

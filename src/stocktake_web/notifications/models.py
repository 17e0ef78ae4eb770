"""What a person is told, what they chose not to be told, and which reminders went out.

A notification keeps the facts it is about (the round, the department, a count, a message), not
its sentence: the sentence is written when it is shown or e-mailed, in the language of whoever
reads it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import Round
from stocktake_web.network.models import Department


class Kind(models.TextChoices):
    """What happened; each person chooses which of these they receive."""

    ASSIGNMENT = "assignment", pgettext_lazy("notification", "Indicators assigned to you")
    REMINDER = "reminder", pgettext_lazy("notification", "Deadline coming")
    OVERDUE = "overdue", pgettext_lazy("notification", "Deadline passed")
    SUBMISSION = "submission", pgettext_lazy("notification", "A department submitted")
    REVISION_REQUESTED = (
        "revision_requested",
        pgettext_lazy("notification", "Revision requested"),
    )
    SIGNED_OFF = "signed_off", pgettext_lazy("notification", "Round signed off")


class Notification(models.Model):
    """One thing one person is told, listed in the application and e-mailed when they have an
    address; ``email`` says what became of the e-mail."""

    class Email(models.TextChoices):
        PENDING = "pending", pgettext_lazy("e-mail", "Being sent")
        SENT = "sent", pgettext_lazy("e-mail", "Sent")
        FAILED = "failed", pgettext_lazy("e-mail", "Could not be sent")
        NO_ADDRESS = "no_address", pgettext_lazy("e-mail", "No e-mail address")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    indicator = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)  # indicators, or days left
    message = models.TextField(blank=True)  # what the sender wrote, as written
    sender_name = models.CharField(max_length=150, blank=True)
    link = models.CharField(max_length=300)  # the page it concerns, without the site's address
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=12, choices=Email.choices, default=Email.PENDING)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SwitchedOff(models.Model):
    """A kind of notification a person chose not to receive; every kind is on until then."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "kind"], name="switched_off_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user_id} without {self.kind}"


class ReminderSent(models.Model):
    """A reminder that went to a department on a day: what makes ``send_reminders`` safe to run
    twice, or by two machines at once, on the same day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["round", "department", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.round_id}:{self.department_id} on {self.sent_on}"

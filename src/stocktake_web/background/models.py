"""One row per piece of background work: what it is, who asked, and how far it has got.

The task queue (``django_tasks_db``) knows only that a function is to be called; the job knows
what a person sees: progress, the file made, and a sentence when it failed. ``attempt`` counts
the runs handed to a worker; a run only writes to its job while the attempt is still its own,
so a run that was given up for dead and comes back cannot overwrite a newer one.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import Round
from stocktake_web.network.models import Cohort


def result_path(job: Job, filename: str) -> str:
    """Results sit under an unguessable folder, keeping the file name people download."""
    return f"jobs/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Waiting for a worker")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        DONE = "done", pgettext_lazy("job status", "Done")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=64)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=16, default="en")
    parameters = models.JSONField(
        default=dict, blank=True, help_text=_("What the work was asked to make, such as a size.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.FileField(upload_to=result_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    task = models.ForeignKey(
        "django_tasks_database.DBTaskResult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = (
            models.Index(fields=["started_by", "-created_at"], name="job_person_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
        )
        constraints = (
            # A second click on the same button finds the job the first one started.
            models.UniqueConstraint(
                fields=["kind", "started_by", "round"],
                condition=Q(status__in=["queued", "running"], round__isnull=False),
                name="job_one_active_per_round",
            ),
            models.UniqueConstraint(
                fields=["kind", "started_by", "cohort"],
                condition=Q(status__in=["queued", "running"], cohort__isnull=False),
                name="job_one_active_per_cohort",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def result_name(self) -> str:
        return PurePath(self.result.name or "").name if self.result else ""

"""Models of the exchange app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stocktake_web.assessments.models import AnswerRevision, Round
from stocktake_web.network.models import Department


class ImportedSubmission(models.Model):
    """A KoboToolbox or ODK submission already imported into a round, by its ``_uuid``.

    Exports list every submission each time; remembering the ones taken makes importing the
    same export twice change nothing.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    uuid = models.CharField(_("submission id"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.CharField(_("submitted at"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("round", "uuid"), name="submission_once_per_round"),
        )
        verbose_name = _("imported submission")
        verbose_name_plural = _("imported submissions")


class AnswerImport(models.Model):
    """One file taken into a round's answers, and the changes it made to them.

    An imported answer enters its history like a typed one (``AnswerRevision``), and this row
    says where it came from: "import of FILE by USER" on the answer's history page. A file that
    changes nothing (handed back twice) leaves no row.
    """

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("offline questionnaire")
        SUBMISSIONS = "submissions", _("KoboToolbox or ODK submissions")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    revisions = models.ManyToManyField(AnswerRevision, related_name="imports")

    class Meta:
        verbose_name = _("answer import")
        verbose_name_plural = _("answer imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind})"

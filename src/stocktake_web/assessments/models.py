"""Rounds of a city's self-assessment, and every answer with its history.

Each answer, its evidence, confidence, support requests and every change to them are rows. The
only JSON kept is what is frozen on purpose: the two versions of a conflicting edit, and the
results stored at sign-off so that they can be reproduced.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Department

VALUE_MAX_LENGTH = 64
"""Longest stored answer value: a level, a number, yes/no or an option id."""

VERSION_MAX = 2**31 - 1
"""Largest version a ``PositiveIntegerField`` holds on every database (PostgreSQL's integer):
forms refuse a larger one before a query sees it."""

EVIDENCE_PATH_MAX_LENGTH = 255
"""Longest stored path of an evidence file: the folders of :func:`evidence_path` and the file's
name shortened to :data:`STORED_NAME_MAX_BYTES`, with room to spare."""

STORED_NAME_MAX_BYTES = 120
"""Longest file name on disk, in UTF-8 bytes: common file systems allow 255 bytes, and a name
in Chinese or Japanese takes three bytes a character."""

FILE_NAME_MAX_LENGTH = 1000
"""Longest evidence file name kept as its owner gave it (and shown), in characters."""

EXTENSION_MAX_LENGTH = 16
"""Longest ending after a dot that shortening keeps as the file's extension."""


class RoundQuerySet(models.QuerySet["Round"]):
    def with_framework(self) -> RoundQuerySet:
        """Rounds with their city and framework version, leaving out the framework's large
        definition: :meth:`FrameworkVersion.load` reads it once per process when needed."""
        return self.select_related("city", "framework").defer("framework__definition")

    def current(self) -> RoundQuerySet:
        """Rounds not archived: those a city's lists and round pickers offer."""
        return self.filter(archived_at__isnull=True)

    def counted(self) -> RoundQuerySet:
        """Rounds that count as the city's results: every round but training ones.

        Whatever reads rounds for the network (cohort statistics, benchmarking, the cohort index,
        peers, progress, the secretariat's overview, the public summary, the cohort's export)
        starts from here, so that a training round appears nowhere but on its own pages.
        """
        return self.filter(is_training=False)


class Round(models.Model):
    """One assessment of one city against one pinned framework version.

    The state moves forward: open (departments answer) -> reconciling (the coordinator
    settles disagreements) -> signed off (read-only, results stored); the coordinator may step
    back, with a reason. A round is never deleted through the application: it is archived
    (``archived_at``), which takes it out of the city's lists and leaves it readable and
    read-only at its address until it is taken out of the archive.

    A **training** round (``is_training``: a workshop exercise, a simulation) runs like any
    other but never counts as the city's result: it is left out of every network comparison
    (:meth:`RoundQuerySet.counted`) and labelled as training on each of its pages and files.
    """

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("round state", "Open for answers")
        RECONCILING = "reconciling", pgettext_lazy("round state", "Reconciling")
        SIGNED_OFF = "signed_off", pgettext_lazy("round state", "Signed off")

    class Consent(models.TextChoices):
        """How far the round's results travel beyond the city's own users and the secretariat.

        Ordered from the narrowest to the widest; each tier allows what the ones before it do.
        """

        PRIVATE = "private", pgettext_lazy("consent", "Private: our users and the secretariat")
        COHORT_ANONYMOUS = (
            "cohort_anonymous",
            pgettext_lazy(
                "consent", "Cohort, anonymous: counted in cohort statistics, never named"
            ),
        )
        COHORT_NAMED = (
            "cohort_named",
            pgettext_lazy("consent", "Cohort, named: other cities of the cohort see our results"),
        )
        PUBLIC_SUMMARY = (
            "public_summary",
            pgettext_lazy("consent", "Public summary: named in the cohort, a summary for anyone"),
        )

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="rounds")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    deadline = models.DateField(_("deadline"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    consent = models.CharField(
        _("sharing of results"),
        max_length=20,
        choices=Consent.choices,
        default=Consent.PRIVATE,
        help_text=_("How far this round's results travel; the city chooses and may change it."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("why it was archived"), blank=True)
    is_training = models.BooleanField(
        _("training round"),
        default=False,
        help_text=_(
            "A workshop exercise or a simulation: never counted in any network result, and "
            "labelled as training on every page and report."
        ),
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ("-opened_at", "-id")
        indexes = (models.Index(fields=["city", "-opened_at"], name="round_city_recent"),)
        constraints = (models.UniqueConstraint(fields=["city", "name"], name="round_name_unique"),)

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_open(self) -> bool:
        """Open for answers: an archived round is read-only whatever state it was left in."""
        return self.state == self.State.OPEN and not self.is_archived

    @property
    def is_signed_off(self) -> bool:
        return self.state == self.State.SIGNED_OFF

    @property
    def is_counted(self) -> bool:
        """Whether the round counts as the city's result (see :meth:`RoundQuerySet.counted`)."""
        return not self.is_training

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_archived and self.overdue_on(
            today, state=self.state, deadline=self.deadline
        )

    @classmethod
    def overdue_on(cls, today: datetime.date, *, state: str, deadline: datetime.date) -> bool:
        """Answers are overdue once the deadline day has passed while the round is open (also
        for a round read as plain values)."""
        return state == cls.State.OPEN and today > deadline


class Assignment(models.Model):
    """An indicator routed to a department for this round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    indicator = models.CharField(_("indicator"), max_length=64)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("round", "department", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["round", "indicator", "department"], name="assignment_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.round_id}:{self.indicator}:{self.department_id}"


def shortened_file_name(name: str, *, max_chars: int, max_bytes: int | None = None) -> str:
    """The last part of ``name`` (after any ``/`` or ``\\``), cut to ``max_chars`` characters and
    ``max_bytes`` UTF-8 bytes when longer, keeping its extension: the extension decides how the
    file is opened, the end of a long name rarely does."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = PurePath(base).suffix
    if len(suffix) > EXTENSION_MAX_LENGTH:  # a dot in a long name, not an extension
        suffix = ""
    stem = base[: len(base) - len(suffix)][: max_chars - len(suffix)]
    if max_bytes is not None:
        room = max_bytes - len(suffix.encode())
        stem = stem.encode()[:room].decode(errors="ignore")  # drops a character cut in two
    return stem + suffix


def unguessable_path(folder: str, filename: str) -> str:
    """``folder/<random hex>/<name>``: a stored file's path that no one can guess from another
    one's, keeping the uploader's file name shortened to fit file systems and the path's column
    (the full name is kept in the row). Every uploaded file (evidence, an event's material, a
    catalogue resource's file) is stored this way and served only through a permission check."""
    name = shortened_file_name(
        filename, max_chars=STORED_NAME_MAX_BYTES, max_bytes=STORED_NAME_MAX_BYTES
    )
    return f"{folder}/{uuid.uuid4().hex}/{name}"


def evidence_path(answer: Answer, filename: str) -> str:
    """Evidence files sit under an unguessable folder of their round."""
    return unguessable_path(f"evidence/{answer.assignment.round_id}", filename)


class Answer(models.Model):
    """A department's answer to one assigned indicator: exactly one per assignment.

    ``version`` counts saves (0 = never saved) and is what an editor sends back as the version
    its edit was based on; a save based on an older version is a conflict, never an overwrite.
    """

    class Confidence(models.TextChoices):
        LOW = "low", pgettext_lazy("confidence", "Low")
        MEDIUM = "medium", pgettext_lazy("confidence", "Medium")
        HIGH = "high", pgettext_lazy("confidence", "High")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="answer")
    value = models.CharField(_("answer"), max_length=VALUE_MAX_LENGTH, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    link = models.URLField(_("link to evidence"), max_length=500, blank=True)
    file = models.FileField(
        _("evidence file"),
        upload_to=evidence_path,
        max_length=EVIDENCE_PATH_MAX_LENGTH,
        blank=True,
    )
    file_name = models.CharField(
        max_length=FILE_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The file's name as it was uploaded; the stored copy may have a shorter one."),
    )
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, blank=True
    )
    importance = models.PositiveSmallIntegerField(_("importance"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.CheckConstraint(
                name="answer_importance_1_to_5",
                condition=Q(importance__isnull=True) | Q(importance__gte=1, importance__lte=5),
            ),
        )

    def __str__(self) -> str:
        return f"{self.assignment} v{self.version}"

    @property
    def is_answered(self) -> bool:
        return bool(self.value.strip())


class AnswerSupport(models.Model):
    """A kind of support (a framework's support kind id) a department asks for on an answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(max_length=64)

    class Meta:
        ordering = ("kind",)
        constraints = (
            models.UniqueConstraint(fields=["answer", "kind"], name="answer_support_unique"),
        )

    def __str__(self) -> str:
        return self.kind


class AnswerRevision(models.Model):
    """One field's change in one save: who, when, the old and the new text."""

    class Field(models.TextChoices):
        VALUE = "value", _("answer")
        EVIDENCE = "evidence", _("evidence")
        LINK = "link", _("link to evidence")
        FILE = "file", _("evidence file")
        CONFIDENCE = "confidence", _("confidence")
        IMPORTANCE = "importance", _("importance")
        SUPPORT = "support", _("support needed")
        COMMENT = "comment", _("comment")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text=_("The version this change created."))
    field = models.CharField(max_length=12, choices=Field.choices)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-version", "field")
        indexes = (models.Index(fields=["answer", "-version"], name="revision_answer_recent"),)

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.version} {self.field}"


class Conflict(models.Model):
    """A save refused because someone else saved first; both versions are kept.

    ``proposed`` is the refused content and ``stored`` the content it would have replaced, both
    as the snapshot :func:`stocktake_web.assessments.domain.answers.snapshot` makes. A person
    has at most one open conflict on an answer: a later refused save of theirs replaces it, and
    the replaced one is kept, marked superseded.
    """

    class Resolution(models.TextChoices):
        OPEN = "", pgettext_lazy("conflict", "Not resolved")
        MINE = "mine", pgettext_lazy("conflict", "Proposed version kept")
        THEIRS = "theirs", pgettext_lazy("conflict", "Stored version kept")
        SUPERSEDED = "superseded", pgettext_lazy("conflict", "Replaced by a later version")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="conflicts")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    base_version = models.PositiveIntegerField()
    stored_version = models.PositiveIntegerField()
    proposed = models.JSONField()
    stored = models.JSONField()
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, default=Resolution.OPEN, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-raised_at", "-id")

    def __str__(self) -> str:
        return f"conflict on {self.answer_id} (v{self.base_version} vs v{self.stored_version})"

    @property
    def is_open(self) -> bool:
        return self.resolution == self.Resolution.OPEN


class Reconciliation(models.Model):
    """The coordinator's value for an indicator where departments disagree, with the reason.

    ``version`` is what the coordinator's form sends back, as an answer's is: reconciling again
    from a page that showed an older version is refused rather than replacing unseen work.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reconciliations")
    indicator = models.CharField(_("indicator"), max_length=64)
    value = models.CharField(_("reconciled answer"), max_length=VALUE_MAX_LENGTH)
    reason = models.TextField(_("reason"))
    version = models.PositiveIntegerField(
        default=1, help_text=_("Counts the times the indicator was reconciled.")
    )
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reconciled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("round", "indicator")
        constraints = (
            models.UniqueConstraint(fields=["round", "indicator"], name="reconciliation_unique"),
        )

    def __str__(self) -> str:
        return f"{self.round_id}:{self.indicator}={self.value}"


class DepartmentSubmission(models.Model):
    """A department declared its answers for the round complete."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["round", "department"], name="submission_unique"),
        )

    def __str__(self) -> str:
        return f"{self.round_id}:{self.department_id}"


class SignOff(models.Model):
    """The round's results as the core computed them at sign-off, with what reproduces them.

    ``framework_key`` names the exact framework version; ``method`` holds the parameters
    (consolidation rule, number of key areas, core version); ``results`` is the core's score
    record and ``priorities`` the key areas for development with their reasons.
    """

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="sign_off")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(default=timezone.now)
    framework_key = models.CharField(max_length=100)
    method = models.JSONField()
    results = models.JSONField()
    priorities = models.JSONField()

    def __str__(self) -> str:
        return f"sign-off of {self.round_id} ({self.framework_key})"

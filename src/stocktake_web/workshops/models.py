"""A round run as a workshop session: who was in the room, the score the room agreed on for
each question, and the views that dissented.

The room's score is kept here with its own versions and history, as a department's answer is;
each agreed value also becomes the round's reconciled answer for the question (see
:mod:`stocktake_web.workshops.domain.scores`), so that scores, key areas, reports and
benchmarking read it exactly as they read a coordinator's reconciliation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import VALUE_MAX_LENGTH, Round
from stocktake_web.network.models import Department

PEOPLE_MAX = 999
"""Most people one department can bring to a room; a larger number is a typing slip."""


class Session(models.Model):
    """A round's workshop: one per round, facilitated by the city's coordinator.

    The state moves not started -> running <-> paused -> finished. ``elapsed_seconds`` counts
    the time run before the current stretch; while running, ``running_since`` says when the
    current stretch began, so the time goes on across reloads and stops at a pause.
    ``current_indicator`` is the question on the room's screen.
    """

    class State(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("workshop session", "Not started")
        RUNNING = "running", pgettext_lazy("workshop session", "Running")
        PAUSED = "paused", pgettext_lazy("workshop session", "Paused")
        FINISHED = "finished", pgettext_lazy("workshop session", "Finished")

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="workshop")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language of the room"), max_length=10)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_STARTED)
    elapsed_seconds = models.PositiveIntegerField(default=0)
    running_since = models.DateTimeField(null=True, blank=True)
    current_indicator = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.state == self.State.RUNNING

    @property
    def is_finished(self) -> bool:
        return self.state == self.State.FINISHED

    def elapsed_at(self, now: datetime.datetime | None = None) -> int:
        """Whole seconds run so far, the current stretch included."""
        if self.running_since is None:
            return self.elapsed_seconds
        stretch = (now or timezone.now()) - self.running_since
        return self.elapsed_seconds + max(0, int(stretch.total_seconds()))


class Attendance(models.Model):
    """A department present in the room: how many came and, when given, who."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveSmallIntegerField(_("people present"), default=1)
    names = models.TextField(_("names"), blank=True)

    class Meta:
        ordering = ("session", "department__slug")
        constraints = (
            models.UniqueConstraint(fields=["session", "department"], name="attendance_unique"),
        )

    def __str__(self) -> str:
        return f"{self.session_id}:{self.department_id}×{self.people}"


class RoomScore(models.Model):
    """The score the room agreed on for one question, the evidence named, and a note.

    ``version`` counts saves, as an answer's does: a save based on an older version is kept as
    a :class:`RoomScoreConflict`, never written over the newer one. ``reconciliation_version``
    is the version of the round's reconciliation this score last wrote; when the two still
    match, the round's answer for the question is the room's.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="scores")
    indicator = models.CharField(_("indicator"), max_length=64)
    value = models.CharField(_("score agreed"), max_length=VALUE_MAX_LENGTH, blank=True)
    evidence = models.TextField(_("evidence named in the room"), blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=0)
    reconciliation_version = models.PositiveIntegerField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("session", "indicator")
        constraints = (
            models.UniqueConstraint(fields=["session", "indicator"], name="room_score_unique"),
        )

    def __str__(self) -> str:
        return f"{self.session_id}:{self.indicator}={self.value} v{self.version}"

    @property
    def is_scored(self) -> bool:
        return bool(self.value.strip())


class RoomScoreRevision(models.Model):
    """One field's change in one save of a room's score: who, when, the old and the new text."""

    class Field(models.TextChoices):
        VALUE = "value", _("score agreed")
        EVIDENCE = "evidence", _("evidence named in the room")
        NOTE = "note", _("note")

    score = models.ForeignKey(RoomScore, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    field = models.CharField(max_length=10, choices=Field.choices)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-version", "field")

    def __str__(self) -> str:
        return f"{self.score_id} v{self.version} {self.field}"


class RoomScoreConflict(models.Model):
    """A save refused because the score was saved meanwhile (a second screen, a stale page);
    what it proposed is kept until the facilitator keeps one of the two."""

    class Resolution(models.TextChoices):
        OPEN = "", pgettext_lazy("conflict", "Not resolved")
        MINE = "mine", pgettext_lazy("conflict", "Proposed version kept")
        THEIRS = "theirs", pgettext_lazy("conflict", "Stored version kept")

    score = models.ForeignKey(RoomScore, on_delete=models.CASCADE, related_name="conflicts")
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
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-raised_at", "-id")

    def __str__(self) -> str:
        return f"conflict on {self.score_id} (v{self.base_version} vs v{self.stored_version})"

    @property
    def is_open(self) -> bool:
        return self.resolution == self.Resolution.OPEN


class Dissent(models.Model):
    """A view a department held against the room's score on a question, in its own words.

    Withdrawn dissent is kept, marked withdrawn: nothing said in the room is lost.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="dissent")
    indicator = models.CharField(_("indicator"), max_length=64)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )
    view = models.TextField(_("dissenting view"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("session", "indicator", "recorded_at", "id")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.indicator}:{self.department_id}"

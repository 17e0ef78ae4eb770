"""The network's activity: workshops, webinars, trainings, site visits and forums.

An event belongs to a network (and may belong to one of its cohorts), has dates, a place or is
online, a host city, and topics: indicators and pathways of one framework version, kept as the
framework's ids (the framework's own text names them on pages). Who took part is one row per
city and department; materials are links or files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import (
    EVIDENCE_PATH_MAX_LENGTH,
    FILE_NAME_MAX_LENGTH,
    unguessable_path,
)
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Cohort, Department, Network

TITLE_MAX_LENGTH = 200
"""Longest title of an event or a material."""

TOPIC_MAX_LENGTH = 64
"""Longest indicator id a planned workshop records as its topic (framework ids are short)."""


class Event(models.Model):
    """One activity of the network, with its topics and who took part."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", pgettext_lazy("kind of event", "Workshop")
        WEBINAR = "webinar", pgettext_lazy("kind of event", "Webinar")
        TRAINING = "training", pgettext_lazy("kind of event", "Training")
        SITE_VISIT = "site_visit", pgettext_lazy("kind of event", "Site visit")
        FORUM = "forum", pgettext_lazy("kind of event", "Forum")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="events", verbose_name=_("network")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("cohort"),
    )
    kind = models.CharField(pgettext_lazy("event", "kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    host_city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host city"),
    )
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("framework"),
    )
    indicators = models.JSONField(
        _("indicators"), default=list, blank=True, help_text=_("Ids of the indicators targeted.")
    )
    pathways = models.JSONField(
        _("pathways"), default=list, blank=True, help_text=_("Ids of the pathways targeted.")
    )
    planned_topic = models.CharField(
        max_length=TOPIC_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The indicator of the workshop planner's workshop this event records, if it does."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-start", "-id")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = (models.Index(fields=["network", "-start"], name="event_network_recent"),)
        constraints = (
            models.CheckConstraint(name="event_ends_after_start", condition=Q(end__gte=F("start"))),
            # A planned workshop is recorded once, however often (or concurrently) it is clicked.
            models.UniqueConstraint(
                fields=["cohort", "planned_topic", "host_city", "start"],
                condition=~Q(planned_topic=""),
                name="event_planned_workshop_once",
            ),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.start.isoformat()})"

    def participating_cities(self) -> list[City]:
        """Each participating city once, however many of its departments came (reads the
        prefetched participants)."""
        cities = {p.city_id: p.city for p in self.participants.all()}
        return list(cities.values())


class EventParticipant(models.Model):
    """A city, and optionally one of its departments, that took part in an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="event_participations", verbose_name=_("city")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("department"),
    )

    class Meta:
        ordering = ("event", "city", "department")
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = (
            models.UniqueConstraint(
                fields=["event", "city", "department"], name="event_participant_once"
            ),
            models.UniqueConstraint(
                fields=["event", "city"],
                condition=Q(department__isnull=True),
                name="event_city_once_without_department",
            ),
        )

    def __str__(self) -> str:
        return f"{self.event_id}:{self.city_id}:{self.department_id or '-'}"


def material_path(material: EventMaterial, filename: str) -> str:
    """Material files sit under an unguessable folder, like evidence, with a shortened name."""
    return unguessable_path(f"events/{material.event_id}", filename)


class EventMaterial(models.Model):
    """A link or a file shared with an event: slides, a report, a recording."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"), upload_to=material_path, max_length=EVIDENCE_PATH_MAX_LENGTH, blank=True
    )
    file_name = models.CharField(
        max_length=FILE_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The file's name as it was uploaded; the stored copy may have a shorter one."),
    )
    file_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ("event", "id")
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = (
            models.CheckConstraint(
                name="event_material_link_or_file", condition=~Q(link="") | ~Q(file="")
            ),
        )

    def __str__(self) -> str:
        return self.title

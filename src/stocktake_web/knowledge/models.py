"""The network's knowledge catalogue: resources and their tags, one tag a row.

A resource's fields mirror the core's record (:class:`stocktake.knowledge.Resource`); its tags
(the languages it is available in, indicators, pathways, SDG targets and kinds of support) are
rows of :class:`ResourceTag`, so that the search page filters and counts them in the database.
``search_text`` holds the core's searchable text, case-folded, which the full-text index
(SQLite FTS5) or the trigram index (PostgreSQL) reads; the migrations keep the index in step.

A resource has a link, a file, both or neither. The file is attached on the web by the
secretariat, never by the catalogue file (which has no column for it), so loading the catalogue
again keeps it. Neither is allowed, unlike an event's material: the catalogue file requires no
link (a policy is often known only by its name and city), and a resource whose file is removed
stays what the catalogue file made it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import (
    EVIDENCE_PATH_MAX_LENGTH,
    FILE_NAME_MAX_LENGTH,
    unguessable_path,
)
from stocktake_web.network.models import Network


def resource_path(resource: Resource, filename: str) -> str:
    """A resource's file sits under an unguessable folder of its network, like evidence."""
    return unguessable_path(f"knowledge/{resource.network_id}", filename)


class Resource(models.Model):
    """A guide, toolkit, case study, policy, training, financing opportunity or solution."""

    class Kind(models.TextChoices):
        GUIDE = "guide", pgettext_lazy("kind of resource", "Guide")
        TOOLKIT = "toolkit", pgettext_lazy("kind of resource", "Toolkit")
        CASE_STUDY = "case_study", pgettext_lazy("kind of resource", "Case study")
        POLICY = "policy", pgettext_lazy("kind of resource", "Policy")
        TRAINING = "training", pgettext_lazy("kind of resource", "Training")
        FINANCING = "financing", pgettext_lazy("kind of resource", "Financing opportunity")
        SOLUTION = "solution", pgettext_lazy("kind of resource", "Solution")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="resources", verbose_name=_("network")
    )
    key = models.CharField(
        _("id"), max_length=64, help_text=_("The catalogue file's id of the resource.")
    )
    kind = models.CharField(pgettext_lazy("resource", "kind"), max_length=16, choices=Kind.choices)
    title = models.JSONField(_("title"), help_text=_("The title in each language."))
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    city = models.CharField(
        _("city"), max_length=200, blank=True, help_text=_("The city of a policy or case.")
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    instrument = models.CharField(_("instrument"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=resource_path, max_length=EVIDENCE_PATH_MAX_LENGTH, blank=True
    )
    file_name = models.CharField(
        _("file name"),
        max_length=FILE_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The file's name as it was uploaded; the stored copy may have a shorter one."),
    )
    file_type = models.CharField(max_length=100, blank=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("network", "key")
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = (
            models.UniqueConstraint(fields=["network", "key"], name="knowledge_resource_key_once"),
        )

    def __str__(self) -> str:
        return self.key


class ResourceTag(models.Model):
    """One tag of a resource: a language, indicator, pathway, SDG target or kind of support."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("language")
        INDICATOR = "indicator", _("indicator")
        PATHWAY = "pathway", _("pathway")
        SDG_TARGET = "sdg_target", _("SDG target")
        SUPPORT = "support", _("kind of support")

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="tags", verbose_name=_("resource")
    )
    kind = models.CharField(pgettext_lazy("tag", "kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=64)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("resource", "kind", "position")
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        indexes = (models.Index(fields=["kind", "value"], name="knowledge_tag_value"),)
        constraints = (
            models.UniqueConstraint(
                fields=["resource", "kind", "value"], name="knowledge_tag_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

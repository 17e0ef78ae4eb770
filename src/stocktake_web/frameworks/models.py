"""Framework versions, imported from the core's files or published from the editor's drafts.

A stored version never changes: a round answered against ``issa-36@1.0.0`` is scored against
exactly that text, even after a newer version is bundled. Editing happens on a
:class:`FrameworkDraft`, which publishing turns into a new version.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stocktake.errors import FrameworkError
from stocktake.frameworks import Framework, localise
from stocktake_web.frameworks.definitions import load_definition


class FrameworkVersionImmutable(FrameworkError):
    """A stored version's content may never change; the message says what to do instead."""


class FrameworkVersionQuerySet(models.QuerySet["FrameworkVersion"]):
    def open_to(self, city_id: int, network_id: int) -> FrameworkVersionQuerySet:
        """The versions a city may open rounds on: the shared ones (no owner), its network's,
        and its own; never another city's."""
        return self.filter(
            Q(network__isnull=True)
            | Q(network_id=network_id, city__isnull=True)
            | Q(city_id=city_id)
        )

    def seen_by(
        self, *, networks: Iterable[int], cities: Iterable[int]
    ) -> FrameworkVersionQuerySet:
        """The shared versions, the versions of ``networks`` (their own, not their cities')
        and those of ``cities``: what a person with roles there may see."""
        return self.filter(
            Q(network__isnull=True)
            | Q(network_id__in=list(networks), city__isnull=True)
            | Q(city_id__in=list(cities))
        )

    def without_definition(self) -> FrameworkVersionQuerySet:
        """Lists leave the (large) definition out; :meth:`FrameworkVersion.load` reads it."""
        return self.defer("definition")


class FrameworkVersion(models.Model):
    """One version of one framework, kept as the core parsed it (JSON).

    Who may open rounds on it follows its owner: no network (a framework shared with every city,
    such as the bundled ones), a network (the secretariat's version for its cities) or a city
    (with its network; the city's own version).
    """

    framework_id = models.CharField(_("framework"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.JSONField(_("title"))
    definition = models.JSONField(
        _("definition"), help_text=_("The framework as the core reads it.")
    )
    digest = models.CharField(_("digest"), max_length=64, help_text=_("SHA-256 of the definition."))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework_versions",
        verbose_name=_("network"),
        help_text=_("The network whose cities may use this version; empty: every city may."),
    )
    city = models.ForeignKey(
        "network.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework_versions",
        verbose_name=_("city"),
        help_text=_("The city whose own version this is; empty: the whole network's."),
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derivations",
        verbose_name=_("derived from"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ("framework_id", "-imported_at")
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = (
            models.UniqueConstraint(
                fields=["framework_id", "version"], name="framework_version_unique"
            ),
            models.CheckConstraint(
                name="framework_version_city_in_network",
                condition=Q(city__isnull=True) | Q(network__isnull=False),
            ),
        )

    def __str__(self) -> str:
        return self.key

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A stored version keeps its key and content for ever (rounds are pinned to them)."""
        if self.pk is not None:
            stored = (
                FrameworkVersion.objects.filter(pk=self.pk)
                .values_list("framework_id", "version", "digest")
                .first()
            )
            if stored is not None and stored != (self.framework_id, self.version, self.digest):
                raise FrameworkVersionImmutable(
                    f"{self.key_of(stored[0], stored[1])} is a stored framework version and "
                    "never changes; publish the changed framework as a new version"
                )
        super().save(*args, **kwargs)

    @property
    def key(self) -> str:
        """``id@version``, as stored with every result computed from it."""
        return self.key_of(self.framework_id, self.version)

    @staticmethod
    def key_of(framework_id: str, version: str) -> str:
        return f"{framework_id}@{version}"

    @property
    def is_shared(self) -> bool:
        return self.network_id is None

    def open_to(self, network_id: int, city_id: int | None) -> bool:
        """Whether a city (or, with ``city_id`` None, a network's secretariat) may use this
        version: a shared one is everyone's, a network's is its cities', a city's own is that
        city's only. The rule of :meth:`FrameworkVersionQuerySet.open_to`, for one version."""
        if self.network_id is None:
            return True
        return self.network_id == network_id and self.city_id in (None, city_id)

    def display_title(self, lang: str = "en") -> str:
        return localise(self.title, lang)

    def load(self) -> Framework:
        """The core's framework object, parsed once per process and version."""
        return load_definition(self.digest, lambda: self.definition)


class FrameworkDraft(models.Model):
    """A version being edited: a base version and the changes made to it, not yet published.

    ``changes`` has the form of the changes file that ``stocktake frameworks derive`` reads
    (``drop``, ``reword``, ``weights``, ``add``, ``not_applicable``), so that a draft and a file
    are derived by the same core function. It is published as ``new_id@new_version``.
    ``version`` counts saves (0 = never saved): every form sends back the version it started
    from, and a save based on an older one is refused, never an overwrite.
    """

    network = models.ForeignKey(
        "network.Network",
        on_delete=models.CASCADE,
        related_name="framework_drafts",
        verbose_name=_("network"),
    )
    city = models.ForeignKey(
        "network.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework_drafts",
        verbose_name=_("city"),
        help_text=_("The city the draft is for; empty: the secretariat's, for the network."),
    )
    base = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("base version"),
    )
    new_id = models.CharField(_("framework id"), max_length=64)
    new_version = models.CharField(_("version"), max_length=32)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    published_as = models.OneToOneField(
        FrameworkVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_from",
        verbose_name=_("published as"),
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("framework draft")
        verbose_name_plural = _("framework drafts")

    def __str__(self) -> str:
        return f"draft {FrameworkVersion.key_of(self.new_id, self.new_version)}"

    @property
    def key(self) -> str:
        return FrameworkVersion.key_of(self.new_id, self.new_version)

    @property
    def is_published(self) -> bool:
        return self.published_as_id is not None

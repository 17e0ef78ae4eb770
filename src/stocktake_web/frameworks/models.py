"""Framework versions, imported from the core's files and pinned to rounds.

A stored version never changes: a round answered against ``issa-36@1.0.0`` is scored against
exactly that text, even after a newer version is bundled.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks import Framework, localise
from stocktake_web.frameworks.definitions import load_definition


class FrameworkVersion(models.Model):
    """One version of one framework, kept as the core parsed it (JSON)."""

    framework_id = models.CharField(_("framework"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.JSONField(_("title"))
    definition = models.JSONField(
        _("definition"), help_text=_("The framework as the core reads it.")
    )
    digest = models.CharField(_("digest"), max_length=64, help_text=_("SHA-256 of the definition."))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ("framework_id", "-imported_at")
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = (
            models.UniqueConstraint(
                fields=["framework_id", "version"], name="framework_version_unique"
            ),
        )

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """``id@version``, as stored with every result computed from it."""
        return self.key_of(self.framework_id, self.version)

    @staticmethod
    def key_of(framework_id: str, version: str) -> str:
        return f"{framework_id}@{version}"

    def display_title(self, lang: str = "en") -> str:
        return localise(self.title, lang)

    def load(self) -> Framework:
        """The core's framework object, parsed once per process and version."""
        return load_definition(self.digest, lambda: self.definition)

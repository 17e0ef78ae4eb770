"""Stored framework versions, to look at only.

Versions come in through ``import_frameworks`` and never change afterwards: every round is
pinned to one, and its results are stored under its key. The administration site may list and
show them, never add, change or delete one.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    fields = ("framework_id", "version", "localised_title", "digest", "imported_at")
    readonly_fields = fields
    list_display = ("framework_id", "version", "localised_title", "imported_at")
    list_filter = ("framework_id",)

    @admin.display(description=_("title"))
    def localised_title(self, version: FrameworkVersion) -> str:
        return localised(version.title)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: FrameworkVersion | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: FrameworkVersion | None = None
    ) -> bool:
        return False

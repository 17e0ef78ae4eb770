"""The whole audit log for the installation's staff, read-only: every network's events and
refused sign-ins with user names that match no account, which no secretariat sees."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from stocktake_web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "kind", "address", "network")
    list_filter = ("kind",)
    search_fields = ("actor_name", "address")
    date_hierarchy = "at"
    list_select_related = ("network",)
    fields = ("at", "kind", "actor_name", "actor", "address", "network", "details")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

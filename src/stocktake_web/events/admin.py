"""The network's events in the administration site: to look them up and delete a mistaken one.

Events are recorded and edited on the secretariat's pages, through the domain that keeps hosts,
participants and topics inside the event's network and framework; the administration site does
not add or change them, so it cannot bypass those checks.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db.models import Model
from django.http import HttpRequest

from stocktake_web.events.models import Event, EventMaterial, EventParticipant


class ReadOnly(BaseModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ParticipantInline(ReadOnly, admin.TabularInline):
    model = EventParticipant
    fields = ("city", "department")
    extra = 0


class MaterialInline(ReadOnly, admin.TabularInline):
    model = EventMaterial
    fields = ("title", "link", "file", "file_name", "file_type")
    readonly_fields = fields  # no form field is built for them, not even a hidden one
    extra = 0


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "kind", "start", "end", "network", "host_city", "online")
    list_filter = ("network", "kind", "online")
    list_select_related = ("network", "host_city")
    search_fields = ("title", "place", "organisers")
    date_hierarchy = "start"
    inlines = (ParticipantInline, MaterialInline)

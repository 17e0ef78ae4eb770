"""The catalogue in the administration site: to look a resource up and delete one.

Resources are added and changed only by loading a catalogue file, which checks every tag against
the frameworks and keeps the search text in step; the administration site does not add or change
them, so it cannot bypass those checks. Deleting one removes it from the search index too (the
index follows the table by triggers), and its file once the deletion is committed.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from stocktake_web.knowledge.domain.catalogue import PLAIN_FIELDS
from stocktake_web.knowledge.models import Resource, ResourceTag


class TagInline(admin.TabularInline):
    model = ResourceTag
    fields = ("kind", "value")
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "network", "year", "deadline")
    list_filter = ("network", "kind")
    search_fields = ("key", "publisher", "city")
    fields = ("network", "key", *PLAIN_FIELDS, "file_name")  # every column a file loads
    inlines = (TagInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

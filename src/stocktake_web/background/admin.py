from django.contrib import admin

from stocktake_web.background.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Read-only: jobs change only through their runs; the list helps find a failed one."""

    list_display = ("id", "kind", "started_by", "status", "attempt", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("started_by__username",)
    readonly_fields = tuple(field.name for field in Job._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

"""Networks, cohorts, cities and departments in the administration site.

This is where a secretariat sets up a real network. Names are edited one language at a time
(``interfaces/names.py``). A place with rounds is not deleted here: its rounds and answers would
go with it, and those change only through the assessment domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stocktake_web.languages import localised
from stocktake_web.network.domain import is_assessed
from stocktake_web.network.interfaces.cohorts import CohortForm
from stocktake_web.network.interfaces.names import name_field_names, name_form
from stocktake_web.network.models import City, Cohort, Department, Network


@admin.display(description=_("name"))
def localised_name(place: City | Department) -> str:
    return localised(place.name)


class KeptWhileAssessed(BaseModelAdmin):
    """Deleting is refused for a place with rounds; inlines are asked about their parent."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and not (obj is not None and is_assessed(obj))


@admin.register(Network)
class NetworkAdmin(KeptWhileAssessed, admin.ModelAdmin):
    fields = ("name", "slug", "is_demo")
    list_display = ("name", "slug", "is_demo")
    list_filter = ("is_demo",)
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("name",)}


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    form = CohortForm
    list_display = ("name", "network", "chair", "start", "end")
    list_filter = ("network",)
    list_select_related = ("network", "chair")
    filter_horizontal = ("cities",)


class DepartmentInline(KeptWhileAssessed, admin.TabularInline):
    """A city's departments; a city with rounds keeps all of them."""

    model = Department
    form = name_form()
    fields = ("slug", *name_field_names())
    extra = 1


@admin.register(City)
class CityAdmin(KeptWhileAssessed, admin.ModelAdmin):
    form = name_form()
    fields = ("network", "slug", *name_field_names(), "country", "kind", "population", "joined")
    list_display = ("slug", localised_name, "network", "country", "kind")
    list_filter = ("network", "kind")
    list_select_related = ("network",)
    search_fields = ("slug", "name", "country")
    inlines = (DepartmentInline,)


@admin.register(Department)
class DepartmentAdmin(KeptWhileAssessed, admin.ModelAdmin):
    form = name_form()
    fields = ("city", "slug", *name_field_names())
    list_display = ("slug", localised_name, "city")
    list_filter = ("city__network",)
    list_select_related = ("city",)
    search_fields = ("slug", "name", "city__slug")

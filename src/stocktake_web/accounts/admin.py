"""People and their roles in the administration site: Django's user pages, with the roles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from stocktake_web.accounts.interfaces.roles import RoleForm, RoleFormSet
from stocktake_web.accounts.models import Role, User


class RoleInline(admin.TabularInline):
    model = Role
    form = RoleForm
    formset = RoleFormSet
    fields = ("kind", "network", "city", "department")
    extra = 1


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = (RoleInline,)

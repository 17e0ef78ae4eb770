"""People and their roles in the administration site: Django's user pages, with the roles.

Every role given or taken away here, and every change to an account's administration rights,
is recorded in the audit log as done by the signed-in member of staff.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from stocktake_web.accounts.domain import record_role_changes, revoke_role
from stocktake_web.accounts.interfaces.roles import RoleForm, RoleFormSet
from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.domain import record_permissions_changed

# The account fields that say what a person may do in the administration site.
PERMISSION_FIELDS = frozenset(
    {"is_active", "is_staff", "is_superuser", "groups", "user_permissions"}
)


class RoleInline(admin.TabularInline):
    model = Role
    form = RoleForm
    formset = RoleFormSet
    fields = ("kind", "network", "city", "department")
    extra = 1


def _roles_of(user: User) -> list[Role]:
    return list(
        Role.objects.filter(user=user).select_related("user", "network", "city", "department__city")
    )


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = (RoleInline,)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            changed = PERMISSION_FIELDS.intersection(form.changed_data)
            record_permissions_changed(person=obj, by=_staff(request), changed=changed)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Role:
            super().save_formset(request, form, formset, change)
            return
        person: User = form.instance
        before = _roles_of(person) if change else []
        super().save_formset(request, form, formset, change)
        record_role_changes(before=before, after=_roles_of(person), by=_staff(request))

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        self._revoke_roles(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._revoke_roles(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _revoke_roles(self, request: HttpRequest, people: list[User]) -> None:
        """Deleting an account takes its roles away: recorded before they go with it."""
        for person in people:
            for role in _roles_of(person):
                revoke_role(role=role, by=_staff(request))

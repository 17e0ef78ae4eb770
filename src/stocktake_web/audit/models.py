"""The audit log's one table, kept append-only.

An event is never changed or removed: ``save()`` only inserts, and ``delete()``, the queryset's
``update()``, ``delete()`` and ``bulk_update()`` refuse. On PostgreSQL a trigger (migration
0002) refuses ``UPDATE`` and ``DELETE`` too, so that not even SQL typed by hand can rewrite the
log. Who and where are kept as they were: the user name at the time, and links to the account
and the network that the database does not enforce, so that removing either leaves the event
(and its trigger) alone.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stocktake_web.accounts.models import Role


class AppendOnlyError(ValueError):
    """Raised on any attempt to change or remove an audit event."""

    def __init__(self) -> None:
        super().__init__(
            "The audit log is append-only: events can be added, never changed or deleted."
        )


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError

    def delete(self) -> NoReturn:
        raise AppendOnlyError

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError

    def of_network(self, network_id: int) -> AuditEventQuerySet:
        """What a network's secretariat may read: the network's events, and the sign-ins of
        every account that holds a role in the network (on it, or on one of its cities or
        departments)."""
        people = Role.objects.filter(
            Q(network_id=network_id)
            | Q(city__network_id=network_id)
            | Q(department__city__network_id=network_id)
        ).values("user_id")
        return self.filter(
            Q(network_id=network_id) | Q(kind__in=AuditEvent.SIGN_IN_KINDS, actor_id__in=people)
        )


class AuditEvent(models.Model):
    """One thing that happened: its kind, who, when, from which address, and the named values
    that say what it concerned (``details``, read by ``audit.interfaces.events``)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused")
        SIGN_IN_PAUSED = "sign_in_paused", _("Signing in paused")
        ROLE_GRANTED = "role_granted", _("Role given")
        ROLE_REVOKED = "role_revoked", _("Role taken away")
        PERMISSIONS_CHANGED = "permissions_changed", _("Administration rights changed")
        ROUND_SIGNED_OFF = "round_signed_off", _("Round signed off")
        SIGN_OFF_WITHDRAWN = "sign_off_withdrawn", _("Sign-off withdrawn")
        ANSWERING_REOPENED = "answering_reopened", _("Answering reopened")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
        CONSENT_CHANGED = "consent_changed", _("Sharing of results changed")
        NETWORK_EVENT_RECORDED = "network_event_recorded", _("Network event recorded")
        NETWORK_EVENT_CHANGED = "network_event_changed", _("Network event changed")
        ROUND_OPENED = "round_opened", _("Round opened")
        ASSIGNMENTS_CHANGED = "assignments_changed", _("Indicators assigned")
        ANSWERING_CLOSED = "answering_closed", _("Answering closed")
        ANSWER_RECONCILED = "answer_reconciled", _("Answer reconciled")
        ROUND_ARCHIVED = "round_archived", _("Round archived")
        ROUND_RESTORED = "round_restored", _("Round taken out of the archive")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        REVISION_SETTLED = "revision_settled", _("Revision request settled")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        ACCOUNT_CREATED = "account_created", _("Account created")
        ACCOUNTS_IMPORTED = "accounts_imported", _("Accounts imported")
        PASSWORD_RESET = "password_reset", _("Password reset")
        CITY_ADDED = "city_added", _("City added")
        DEPARTMENT_ADDED = "department_added", _("Department added")
        NETWORK_SETTINGS_CHANGED = "network_settings_changed", _("Network settings changed")
        TRAINING_CHANGED = "training_changed", _("Training mark of a round changed")
        CATALOGUE_LOADED = "catalogue_loaded", _("Knowledge catalogue loaded")
        RESOURCE_FILE_CHANGED = "resource_file_changed", _("File of a resource changed")
        SCREENING_CRITERIA_CHANGED = "screening_criteria_changed", _("Screening criteria changed")
        SCREENING_SENT_TO_PLANNER = (
            "screening_sent_to_planner",
            _("Screening's choice on the workshop planner changed"),
        )

    SIGN_IN_KINDS = (Kind.SIGNED_IN, Kind.SIGN_IN_FAILED, Kind.SIGN_IN_PAUSED)

    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("what"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = (
            models.Index(fields=["network", "-at"], name="audit_network_recent"),
            models.Index(fields=["actor", "-at"], name="audit_actor_recent"),
            models.Index(fields=["-at"], name="audit_recent"),
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: a second save, or a save over an existing id, is refused."""
        if not self._state.adding:
            raise AppendOnlyError
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError

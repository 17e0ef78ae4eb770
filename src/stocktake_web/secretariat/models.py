"""Invitations: how a person is brought into a network without anyone making their account.

The link's token is kept only as its SHA-256 digest: someone who reads the database cannot
accept an invitation meant for another person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stocktake_web.accounts.models import Role


class Invitation(models.Model):
    """An e-mailed offer of one role in one place; used once, within its days of validity."""

    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("role"), max_length=20, choices=Role.Kind.choices)
    city = models.ForeignKey(
        "network.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("city"),
    )
    department = models.ForeignKey(
        "network.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("department"),
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = (
            models.CheckConstraint(
                name="invitation_scope_matches_kind",
                condition=(
                    Q(
                        kind__in=["coordinator", "viewer"],
                        city__isnull=False,
                        department__isnull=True,
                    )
                    | Q(kind="respondent", city__isnull=True, department__isnull=False)
                ),
            ),
        )

    def __str__(self) -> str:
        return f"{self.email} – {self.get_kind_display()}"

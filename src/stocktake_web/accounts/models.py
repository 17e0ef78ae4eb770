"""People and the roles they hold; a person may hold several roles in several places."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A person who signs in. Kept as our own model so fields can be added without pain."""

    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_(
            "The language of this person's pages and e-mails; empty means the browser's language "
            "for the pages and English for the e-mails."
        ),
    )

    class Meta:
        db_table = "accounts_user"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = (
            # One account per address, whatever its case: an invitation or a password reset
            # sent to an address must reach one person. Accounts without an address are many.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_when_set"
            ),
        )


class Role(models.Model):
    """What a person may do, and where.

    A network administrator (the secretariat) acts on a whole network; a coordinator and a viewer
    on one city; a respondent on one department of one city.
    """

    class Kind(models.TextChoices):
        NETWORK_ADMIN = "network_admin", pgettext_lazy("role", "Network administrator")
        COORDINATOR = "coordinator", pgettext_lazy("role", "City coordinator")
        RESPONDENT = "respondent", pgettext_lazy("role", "Department respondent")
        VIEWER = "viewer", pgettext_lazy("role", "Viewer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("network"),
    )
    city = models.ForeignKey(
        "network.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("city"),
    )
    department = models.ForeignKey(
        "network.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("department"),
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = (
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(
                        kind="network_admin",
                        network__isnull=False,
                        city__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        kind__in=["coordinator", "viewer"],
                        network__isnull=True,
                        city__isnull=False,
                        department__isnull=True,
                    )
                    | Q(
                        kind="respondent",
                        network__isnull=True,
                        city__isnull=True,
                        department__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "network"],
                condition=Q(network__isnull=False),
                name="role_unique_per_network",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "city"],
                condition=Q(city__isnull=False),
                name="role_unique_per_city",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "department"],
                condition=Q(department__isnull=False),
                name="role_unique_per_department",
            ),
        )

    def __str__(self) -> str:
        place = self.network or self.city or self.department
        return f"{self.user} – {self.get_kind_display()} – {place}"

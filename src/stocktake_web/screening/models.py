"""Innovation screening: the network's criteria, a city's screenings, candidates, panel, scores.

The network keeps its criteria as data (:class:`NetworkCriterion`); a screening copies them when
it is created (:class:`ScreeningCriterion`), so that editing the network's set later changes no
running screening and no score falls off a scale it was given on. Every score is a row: one per
solution, criterion and panel department.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake_web.assessments.models import Round
from stocktake_web.network.models import City, Department, Network

CODE_MAX_LENGTH = 64
TITLE_MAX_LENGTH = 200
INDICATOR_MAX_LENGTH = 64


class Direction(models.TextChoices):
    BENEFIT = "benefit", pgettext_lazy("criterion direction", "Benefit: higher is better")
    COST = "cost", pgettext_lazy("criterion direction", "Cost: lower is better")


class Method(models.TextChoices):
    TOPSIS = "topsis", "TOPSIS"
    WSM = "wsm", pgettext_lazy("screening method", "Weighted sum")
    PROMETHEE = "promethee", "PROMETHEE II"


class CriterionFields(models.Model):
    """What a criterion is, in the network's set and in a screening's copy alike."""

    code = models.SlugField(_("code"), max_length=CODE_MAX_LENGTH)
    name = models.JSONField(_("name"), help_text=_("The name in each language, by language code."))
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.BENEFIT
    )
    weight = models.FloatField(_("weight"))
    scale_min = models.FloatField(_("lowest score"))
    scale_max = models.FloatField(_("highest score"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ("position", "pk")


class NetworkCriterion(CriterionFields):
    """One criterion of the network's set, which new screenings copy."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="screening_criteria"
    )

    class Meta(CriterionFields.Meta):
        constraints = (
            models.UniqueConstraint(fields=["network", "code"], name="network_criterion_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="network_criterion_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")), name="network_criterion_scale"
            ),
        )


class Screening(models.Model):
    """A city's screening of candidate solutions against the criteria, by a panel."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="screenings")
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("round"),
        help_text=_("The round whose key areas for development the candidates address."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.TOPSIS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_to_planner_at = models.DateTimeField(null=True, blank=True)
    sent_to_planner_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.title

    @property
    def on_planner(self) -> bool:
        """Sent to the workshop planner, and shown there: a screening of a training round is
        not, even if it was sent before the round was marked."""
        if self.sent_to_planner_at is None:
            return False
        return self.round is None or not self.round.is_training


class ScreeningCriterion(CriterionFields):
    """A screening's copy of a criterion, taken when the screening was created."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="criteria")

    class Meta(CriterionFields.Meta):
        constraints = (
            models.UniqueConstraint(fields=["screening", "code"], name="screening_criterion_once"),
        )


class Solution(models.Model):
    """A candidate solution; ``chosen`` marks those sent on to the workshop planner."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="solutions")
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    chosen = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("added_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=["screening", "name"], name="solution_name_once"),
        )

    def __str__(self) -> str:
        return self.name


class SolutionKeyArea(models.Model):
    """A key area for development (an indicator of the round's framework) a solution addresses."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="key_areas")
    indicator = models.CharField(_("indicator"), max_length=INDICATOR_MAX_LENGTH)

    class Meta:
        ordering = ("pk",)
        constraints = (
            models.UniqueConstraint(fields=["solution", "indicator"], name="key_area_once"),
        )


class PanelDepartment(models.Model):
    """A department invited to score every solution; ``saved_at`` is its last save."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="panel")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="screening_panels"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("pk",)
        constraints = (
            models.UniqueConstraint(fields=["screening", "department"], name="panel_once"),
        )


class SolutionScore(models.Model):
    """One panel department's score of one solution on one criterion."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ScreeningCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("score"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["solution", "criterion", "department"], name="score_once"
            ),
        )

"""A network of cities, its cohorts, its member cities and their departments.

Names of cities and departments are multilingual (``{"en": ..., "zh-Hant": ...}``) and shown with
the core's :func:`stocktake.frameworks.localise`, which falls back to English.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stocktake.frameworks import localise

SLUG_HELP = _("Letters, digits, hyphens and underscores; it appears in page addresses.")


class Network(models.Model):
    """A regional secretariat's network, e.g. a regional office of a local-government network."""

    slug = models.SlugField(_("short name"), unique=True, help_text=SLUG_HELP)
    name = models.CharField(_("name"), max_length=200)
    is_demo = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_("Fictional data made to show the application; every page says so."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Dates and times on the network's pages are shown here, e.g. Asia/Taipei."),
    )
    minimum_sign_off_coverage = models.PositiveSmallIntegerField(
        _("minimum coverage for sign-off (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Below this share of the indicators answered, a coordinator signs off only with a "
            "written reason."
        ),
    )
    respondents_see_city_dashboard = models.BooleanField(
        _("respondents see their city's dashboard"),
        default=False,
        help_text=_("Department respondents may read their own city's results."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A member local government: a city, town, province or subnational state.

    ``country`` holds an ISO 3166-1 alpha-2 code (``JP``), named in the reader's language by
    :mod:`stocktake_web.network.domain.countries`, which keeps the network's own names (``TW``
    is "Chinese Taipei") where they differ from the CLDR's.
    """

    class Kind(models.TextChoices):
        CITY = "city", pgettext_lazy("kind of member", "City")
        TOWN = "town", pgettext_lazy("kind of member", "Town")
        PROVINCE = "province", pgettext_lazy("kind of member", "Province")
        STATE = "state", pgettext_lazy("kind of member", "State")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="cities", verbose_name=_("network")
    )
    slug = models.SlugField(_("short name"), unique=True, help_text=SLUG_HELP)
    name = models.JSONField(_("name"), help_text=_("The name in each language, by language code."))
    country = models.CharField(
        _("country"),
        max_length=64,
        help_text=_(
            "The ISO 3166-1 two-letter code, such as JP or KR; each reader sees the country's "
            "name in their language."
        ),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CITY)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    joined = models.DateField(_("joined the network"), null=True, blank=True)
    region = models.CharField(
        _("region"),
        max_length=64,
        blank=True,
        help_text=_("For example East Asia, Southeast Asia."),
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language tags of the officers' working languages, such as en, ja, zh-Hant."),
    )
    climate = models.CharField(
        _("climate"), max_length=64, blank=True, help_text=_("For example humid subtropical.")
    )
    economy = models.JSONField(
        _("main sectors of the economy"),
        default=list,
        blank=True,
        help_text=_("Such as port, manufacturing, tourism, agriculture."),
    )

    class Meta:
        ordering = ("slug",)
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, lang: str = "en") -> str:
        return localise(self.name, lang)


class Cohort(models.Model):
    """A programme or community of practice within a network, chaired by one of its cities."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=200)
    chair = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_cohorts",
        verbose_name=_("chair"),
        help_text=_("The member city that chairs the cohort."),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    cities = models.ManyToManyField(
        City, related_name="cohorts", blank=True, verbose_name=_("cities")
    )

    class Meta:
        ordering = ("-start", "name")
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = (
            models.CheckConstraint(
                name="cohort_ends_after_start", condition=Q(end__gte=F("start"))
            ),
        )

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department of a city's government.

    ``slug`` matches the framework's department ids (``environment``, ``planning`` …) when the
    department is one the frameworks suggest, which is how indicators are routed to it.
    """

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="departments", verbose_name=_("city")
    )
    slug = models.SlugField(
        _("short name"),
        help_text=_(
            "The frameworks' department id where one fits (environment, planning …): "
            "indicators are routed to departments by it."
        ),
    )
    name = models.JSONField(_("name"))

    class Meta:
        ordering = ("city", "slug")
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = (
            models.UniqueConstraint(fields=["city", "slug"], name="department_unique_in_city"),
        )

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, lang: str = "en") -> str:
        return localise(self.name, lang)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "stocktake_web.rankings"
    label = "rankings"
    verbose_name = _("Cohort composite index")

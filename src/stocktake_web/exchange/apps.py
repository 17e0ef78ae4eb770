from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "stocktake_web.exchange"
    label = "exchange"
    verbose_name = _("Spreadsheets and forms in and out")

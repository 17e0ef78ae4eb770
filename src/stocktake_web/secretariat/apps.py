from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "stocktake_web.secretariat"
    label = "secretariat"
    verbose_name = _("The secretariat's administration of its network")

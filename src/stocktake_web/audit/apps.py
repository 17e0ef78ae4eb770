from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "stocktake_web.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        """Record sign-ins as Django and django-axes announce them, from whichever view."""
        from stocktake_web.audit import sign_ins

        sign_ins.connect()

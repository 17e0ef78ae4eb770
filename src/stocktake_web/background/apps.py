from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "stocktake_web.background"
    label = "background"
    verbose_name = _("Background work")

    def ready(self) -> None:
        # The kinds of job register themselves when their module is imported; the web process
        # and the worker both need them, the worker before it runs its first job.
        from stocktake_web.background.interfaces import exports  # noqa: F401

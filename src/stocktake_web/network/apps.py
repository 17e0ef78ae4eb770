from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "stocktake_web.network"
    label = "network"
    verbose_name = _("Networks and cities")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from stocktake_web.network.domain.demonstration import forget_demo_state
        from stocktake_web.network.models import Network

        for signal in (post_save, post_delete):
            signal.connect(forget_demo_state, sender=Network, dispatch_uid=f"demo-{signal}")

        # Keeps the network's time zone in the session at sign-in (see the middleware).
        from stocktake_web.network import time_zone_middleware  # noqa: F401

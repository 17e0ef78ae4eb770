from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "stocktake_web.peers"
    label = "peers"
    verbose_name = _("Peers and workshop planning")

    def ready(self) -> None:
        # The peer-groups job registers its kind when its module is imported; the web process
        # and the worker both need it.
        from stocktake_web.peers.interfaces import jobs  # noqa: F401

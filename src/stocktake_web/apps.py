from __future__ import annotations

from django.apps import AppConfig


class StocktakeWebConfig(AppConfig):
    """Shared templates, static files, catalogues and template tags of the web application.

    Starting the application writes nothing: the catalogues are compiled by the build
    (``make messages``, Django's ``compilemessages``), never at start-up, so the installed
    package can be read-only.
    """

    name = "stocktake_web"
    verbose_name = "Stocktake"

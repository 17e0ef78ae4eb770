from __future__ import annotations

import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class StocktakeWebConfig(AppConfig):
    """Shared templates, static files, catalogues and template tags of the web application."""

    name = "stocktake_web"
    verbose_name = "Stocktake"

    def ready(self) -> None:
        self._compile_catalogues()

    def _compile_catalogues(self) -> None:
        """Compile missing or outdated catalogues before the first page needs them.

        Catalogues are loaded lazily on first translation, after the app registry is ready, so
        compiling here always comes first. A read-only installation compiles them at build
        time with ``compile_catalogues`` instead; here it only logs why it could not.
        """
        from stocktake_web.catalogues import compile_catalogues

        for locale_dir in settings.LOCALE_PATHS:
            try:
                compile_catalogues(locale_dir)
            except OSError as exc:
                logger.warning("could not compile the catalogues in %s: %s", locale_dir, exc)

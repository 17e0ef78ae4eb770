from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from stocktake_web.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po -> .mo) without needing GNU gettext."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="recompile even the catalogues that are current"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for mo in compile_catalogues(Path(locale_dir), only_stale=not options["all"]):
                self.stdout.write(f"compiled {mo.relative_to(Path(locale_dir).parent)}")

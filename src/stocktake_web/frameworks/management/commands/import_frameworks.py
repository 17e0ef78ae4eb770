from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stocktake.errors import FrameworkError
from stocktake.frameworks import load_framework
from stocktake_web.frameworks.domain import import_bundled_frameworks, import_framework


class Command(BaseCommand):
    help = (
        "Store framework versions so that rounds can be opened on them: the frameworks bundled "
        "with Stocktake, or the framework files given. A stored version never changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="framework files (default: the bundled ones)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["files"]:
                stored = [import_framework(framework=load_framework(f)) for f in options["files"]]
            else:
                stored = import_bundled_frameworks()
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None
        for version in stored:
            self.stdout.write(f"{version.key}  {version.display_title()}")

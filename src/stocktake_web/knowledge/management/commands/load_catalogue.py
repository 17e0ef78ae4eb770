"""``manage.py load_catalogue NETWORK FILE``: load a catalogue file as the web page does.

For an operator with a file and a shell rather than a browser (a first catalogue of thousands of
rows, a scheduled load from another system). The file is checked whole first, against every
framework stored in this installation; a file with any problem writes nothing and exits with
status 2, each problem on its own line with its row and column, like the ``stocktake`` command.
A load is recorded in the network's audit log as made by this command, since no account made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stocktake import knowledge as core
from stocktake.errors import FileError
from stocktake_web.knowledge.domain.catalogue import (
    CatalogueFull,
    catalogue_vocabulary,
    load_catalogue_file,
)
from stocktake_web.network.domain import network_with_slug

EXIT_BAD_INPUT = 2
"""The exit status of bad input, as the ``stocktake`` command line uses."""


class Command(BaseCommand):
    help = (
        "Load a knowledge catalogue file (CSV or XLSX) into a network: resources whose id is "
        "new are added, those whose id exists are updated, the others stay. Nothing is written "
        "unless every row is right; problems are listed with their row and column (exit 2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", help="the network's short name (as in its web address)")
        parser.add_argument("file", type=Path, help="the catalogue file, .csv or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        network = network_with_slug(options["network"])
        if network is None:
            raise CommandError(
                f"There is no network {options['network']!r}.", returncode=EXIT_BAD_INPUT
            )
        path: Path = options["file"]
        resources = self._read(path)
        try:
            loaded = load_catalogue_file(
                network=network,
                resources=resources,
                file_name=path.name,
                by=None,
                from_command=True,
            )
        except CatalogueFull as full:
            raise CommandError(str(full), returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(
            f"{path.name} loaded into {network.slug}: {loaded.added} new, "
            f"{loaded.changed} changed, {loaded.unchanged} unchanged."
        )

    def _read(self, path: Path) -> list[core.Resource]:
        """The file's resources; on problems, each on its own line, then exit status 2."""
        try:
            return core.read_catalogue(path, vocabulary=catalogue_vocabulary())
        except FileError as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from None
        except core.CatalogueFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            count = len(exc.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was loaded.",
                returncode=EXIT_BAD_INPUT,
            ) from None

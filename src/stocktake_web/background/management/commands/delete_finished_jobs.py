from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stocktake_web.background.domain import delete_finished_jobs


class Command(BaseCommand):
    help = (
        "Delete background jobs that ended more than --days days ago, with the files they "
        "made (exports, which can be made again). Jobs waiting or running are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="keep jobs that ended more recently (default 7)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=max(int(options["days"]), 0))
        count = delete_finished_jobs(finished_before=cutoff)
        self.stdout.write(f"{count} finished job(s) deleted with their files.")

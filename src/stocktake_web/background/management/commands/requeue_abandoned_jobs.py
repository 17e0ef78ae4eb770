from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from stocktake_web.background.domain import ABANDONED_AFTER, requeue_abandoned_jobs


class Command(BaseCommand):
    help = (
        "Queue again the background jobs whose worker stopped in the middle (no heartbeat for "
        f"{int(ABANDONED_AFTER.total_seconds())} seconds). Pages do this when someone looks at "
        "such a job; run it from cron to recover jobs nobody is watching."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_abandoned_jobs()
        self.stdout.write(f"{count} abandoned job(s) queued again or given up.")

"""``manage.py send_reminders``: today's deadline reminders; safe to run more than once a day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stocktake_web.notifications.domain import send_reminders
from stocktake_web.notifications.tasks import send_reminders_task


class Command(BaseCommand):
    help = (
        "Remind the departments that have not submitted their answers of a deadline coming or "
        "passed. Run it once a day; a second run on the same day sends nothing again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="The day to act as of, YYYY-MM-DD (default: today in each network's time zone).",
        )
        parser.add_argument(
            "--days-before",
            type=int,
            help="Remind this many days before a deadline (default: STOCKTAKE_REMINDER_DAYS).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the reminders for the background worker instead of sending them now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            if options["today"] or options["days_before"] is not None:
                raise CommandError("--enqueue runs as of today, with the default days.")
            queued = send_reminders_task.enqueue()
            self.stdout.write(f"Reminders queued for the worker (task {queued.id}).")
            return
        days = options["days_before"]
        if days is not None and days < 1:
            raise CommandError(f"--days-before must be 1 or more, not {days}.")
        done = send_reminders(today=_day(options["today"]), days_before=days)
        self.stdout.write(
            f"Departments reminded: {done.before_deadline} before the deadline, "
            f"{done.overdue} overdue; notifications written: {done.notifications}."
        )


def _day(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today must be a date written YYYY-MM-DD, not '{text}'.") from None

"""The daily reminders as a background task, for installations that schedule tasks rather
than commands: ``send_reminders_task.enqueue()`` queues a run for the worker."""

from __future__ import annotations

from django_tasks import task

from stocktake_web.notifications.domain import send_reminders


@task()
def send_reminders_task() -> int:
    """Run today's reminders; returns the number of notifications written."""
    return send_reminders().notifications

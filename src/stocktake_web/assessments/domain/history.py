"""What hangs on one answer: its changes, newest first, and its conflicts not yet settled."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from stocktake_web.assessments.models import Answer, AnswerRevision, Conflict

IMPORTS = "imports__imported_by"
"""The file an imported change came from and who imported it (the exchange app's
``AnswerImport``), read with the changes for their "import of FILE by USER"."""


def latest_changes(answer: Answer, count: int) -> tuple[list[AnswerRevision], bool]:
    """The answer's ``count`` latest changes with who made them, and whether there are older
    ones: read in one query, one row more than shown."""
    rows = list(answer.revisions.select_related("changed_by")[: count + 1])
    return rows[:count], len(rows) > count


def changes_page(answer: Answer, number: str | int | None, per_page: int) -> Page[AnswerRevision]:
    """The answer's changes on page ``number``, newest first, read now (the count and the
    page). A missing or malformed number gives the first page, one past the end the last."""
    changes = answer.revisions.select_related("changed_by").prefetch_related(IMPORTS)
    page = Paginator(changes, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page


def open_conflicts(answer: Answer) -> list[Conflict]:
    """The answer's conflicts not yet settled, with who raised each (one query)."""
    found = answer.conflicts.filter(resolution=Conflict.Resolution.OPEN)
    return list(found.select_related("raised_by"))

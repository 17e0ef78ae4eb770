"""A round's change marker: a short text that differs whenever anything its dashboard shows
may have changed, so that pages can keep what they computed from the round until then.

It is read in one query from what the domain's functions already write, with no counter to
keep up to date: every save of an answer raises its ``version``; ids only grow, so the count
and the largest id of a round's assignments (one answer each) and department submissions
change whenever one is added or removed; a reconciliation, made or made again, counts and
carries its ``reconciled_at``. The round's own state and deadline are on the round itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django.db import connection

from stocktake_web.assessments.models import (
    Answer,
    Assignment,
    DepartmentSubmission,
    Reconciliation,
    Round,
)

# Plain SQL that SQLite and PostgreSQL both run: aggregates without GROUP BY give exactly one
# row each. Building the same statement with the ORM's subqueries cost more than running it.
_MARKER_SQL = f"""
SELECT a.n, a.last, a.saves, s.n, s.last, r.n, r.last FROM
  (SELECT COUNT(*) AS n, MAX(x.id) AS last, SUM(y.version) AS saves
     FROM {Assignment._meta.db_table} x LEFT JOIN {Answer._meta.db_table} y
       ON y.assignment_id = x.id
    WHERE x.round_id = %s) a,
  (SELECT COUNT(*) AS n, MAX(id) AS last
     FROM {DepartmentSubmission._meta.db_table} WHERE round_id = %s) s,
  (SELECT COUNT(*) AS n, MAX(reconciled_at) AS last
     FROM {Reconciliation._meta.db_table} WHERE round_id = %s) r
"""


def change_marker(round: Round) -> str:
    """What the round's answers, assignments, submissions and reconciliations look like now,
    as a short hexadecimal text (one query). Equal texts: nothing the dashboard shows changed.
    """
    with connection.cursor() as cursor:
        cursor.execute(_MARKER_SQL, [round.pk, round.pk, round.pk])
        parts = cursor.fetchone()
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def _progress_sql(rounds: int) -> str:
    places = ", ".join(["%s"] * rounds)
    return f"""
SELECT 'a', x.round_id, COUNT(*), MAX(x.id), SUM(y.version)
  FROM {Assignment._meta.db_table} x LEFT JOIN {Answer._meta.db_table} y
    ON y.assignment_id = x.id
 WHERE x.round_id IN ({places}) GROUP BY x.round_id
UNION ALL
SELECT 's', round_id, COUNT(*), MAX(id), 0
  FROM {DepartmentSubmission._meta.db_table}
 WHERE round_id IN ({places}) GROUP BY round_id
"""


def progress_markers(rounds: Collection[int]) -> dict[int, tuple[object, ...]]:
    """Round id -> what the assignments, answers and department submissions of the round of
    that id look like now (one query for all the rounds; none for no rounds).

    A round's marker changes whenever a department's completion or submission in it may have
    changed; reconciliations do not count, nor do the round's own state and deadline. Markers
    are per round so that a page listing many rounds keeps what it showed of every round that
    did not change.
    """
    if not rounds:
        return {}
    ids = sorted(rounds)
    parts: dict[int, list[object]] = {pk: [] for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(_progress_sql(len(ids)), ids + ids)
        for row in sorted(cursor.fetchall(), key=lambda row: (row[1], row[0])):
            parts[row[1]].extend(row[0:1] + row[2:])
    return {pk: tuple(found) for pk, found in parts.items()}

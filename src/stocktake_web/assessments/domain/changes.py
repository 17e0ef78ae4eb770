"""Change markers: short texts that differ whenever something a page shows of a round may have
changed, so that pages can keep what they worked out from the round until then.

They are read in one query from what the domain's functions already write, with no counter to
keep up to date, and they cover only what the pages show. A respondent typing evidence saves
every few seconds; the dashboard's scores, key areas, heatmap and completion do not depend on
evidence, links, files, comments or confidence, so those saves leave its marker alone. The
round's own state and deadline are on the round itself and not part of any marker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django.db import connection

from stocktake_web.assessments.models import (
    Answer,
    AnswerSupport,
    Assignment,
    DepartmentSubmission,
    Reconciliation,
    Round,
)

# Plain SQL that SQLite and PostgreSQL both run; building the same statement with the ORM cost
# more than running it. One row per assignment (its answer's value and importance), support
# request, department submission and reconciliation (made or made again: ``reconciled_at``).
_MARKER_SQL = f"""
SELECT 'a', x.id, y.value, y.importance
  FROM {Assignment._meta.db_table} x LEFT JOIN {Answer._meta.db_table} y ON y.assignment_id = x.id
 WHERE x.round_id = %s
UNION ALL
SELECT 'p', y.id, p.kind, NULL
  FROM {AnswerSupport._meta.db_table} p
  JOIN {Answer._meta.db_table} y ON y.id = p.answer_id
  JOIN {Assignment._meta.db_table} x ON x.id = y.assignment_id
 WHERE x.round_id = %s
UNION ALL
SELECT 's', id, '', NULL FROM {DepartmentSubmission._meta.db_table} WHERE round_id = %s
UNION ALL
SELECT 'r', id, value || ' ' || CAST(reconciled_at AS VARCHAR(40)), NULL
  FROM {Reconciliation._meta.db_table} WHERE round_id = %s
ORDER BY 1, 2, 3
"""


def change_marker(round: Round) -> str:
    """What the round's city dashboard shows depends on, as a short hexadecimal text (one
    query): its assignments, its answers' values, importance and support requests, its
    department submissions and reconciliations. Equal texts: nothing the dashboard shows
    changed."""
    with connection.cursor() as cursor:
        cursor.execute(_MARKER_SQL, [round.pk] * 4)
        rows = cursor.fetchall()
    return hashlib.sha1(repr(rows).encode(), usedforsecurity=False).hexdigest()


def _progress_sql(rounds: int) -> str:
    """Each answer is looked up by its assignment (a subquery, not a join): joined, PostgreSQL
    read every answer of every round to hash them, a cost that grew with the network (8 ms a
    page at 1,000 cities) where the lookups cost what the page's rounds hold (3 ms)."""
    places = ", ".join(["%s"] * rounds)
    return f"""
SELECT 'a', x.round_id, COUNT(*), MAX(x.id),
       SUM(CASE WHEN (SELECT y.value FROM {Answer._meta.db_table} y
                       WHERE y.assignment_id = x.id) <> '' THEN 1 ELSE 0 END)
  FROM {Assignment._meta.db_table} x
 WHERE x.round_id IN ({places}) GROUP BY x.round_id
UNION ALL
SELECT 's', round_id, COUNT(*), MAX(id), 0
  FROM {DepartmentSubmission._meta.db_table}
 WHERE round_id IN ({places}) GROUP BY round_id
"""


def progress_markers(rounds: Collection[int]) -> dict[int, tuple[object, ...]]:
    """Round id -> the completion of the round of that id: its assignments (their count and
    largest id: ids only grow, so any added or removed one shows), how many are answered, and
    its department submissions (one query for all the rounds; none for no rounds).

    A round's marker changes whenever a department's completion or submission in it may have
    changed, and only then: saving evidence or changing one level for another leaves it alone.
    Markers are per round so that a page listing many rounds keeps what it showed of every
    round that did not change.
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

"""The catalogue's search index: SQLite FTS5 with the trigram tokenizer, or PostgreSQL pg_trgm.

On SQLite, an external-content FTS5 table over ``knowledge_resource.search_text`` is kept in
step with the table by triggers (insert, update, delete), so the index can never miss a change
made through the ORM, the administration site or a bulk update. The ``trigram`` tokenizer
(SQLite 3.34 and later) indexes every three characters, so Chinese, Japanese and Korean text,
which has no spaces between words, is searchable by any part of it.

On PostgreSQL, the ``pg_trgm`` extension and a GIN trigram index on the same column answer
``LIKE '%term%'`` for terms of any script. Each half runs only on its own database.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SQLITE_FORWARDS = (
    "CREATE VIRTUAL TABLE knowledge_resource_fts USING fts5("
    "search_text, content='knowledge_resource', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER knowledge_resource_fts_insert AFTER INSERT ON knowledge_resource BEGIN "
    "INSERT INTO knowledge_resource_fts(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "CREATE TRIGGER knowledge_resource_fts_delete AFTER DELETE ON knowledge_resource BEGIN "
    "INSERT INTO knowledge_resource_fts(knowledge_resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER knowledge_resource_fts_update AFTER UPDATE ON knowledge_resource BEGIN "
    "INSERT INTO knowledge_resource_fts(knowledge_resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO knowledge_resource_fts(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "INSERT INTO knowledge_resource_fts(knowledge_resource_fts) VALUES ('rebuild')",
)
SQLITE_BACKWARDS = (
    "DROP TRIGGER IF EXISTS knowledge_resource_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_resource_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_resource_fts_insert",
    "DROP TABLE IF EXISTS knowledge_resource_fts",
)
POSTGRES_FORWARDS = (
    "CREATE INDEX knowledge_resource_search_trgm ON knowledge_resource "
    "USING gin (search_text gin_trgm_ops)",
)
POSTGRES_BACKWARDS = ("DROP INDEX IF EXISTS knowledge_resource_search_trgm",)


def _run(statements: dict[str, tuple[str, ...]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies: ClassVar = [("knowledge", "0001_initial")]

    operations: ClassVar = [
        TrigramExtension(),  # does nothing on a database other than PostgreSQL
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        ),
    ]

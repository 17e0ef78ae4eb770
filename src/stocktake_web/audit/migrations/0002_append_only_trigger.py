"""On PostgreSQL, a trigger refuses every UPDATE and DELETE of an audit event.

The model refuses them already; the trigger also stops SQL that does not go through the model
(a raw query, a database console, a bug in a later migration). TRUNCATE, which needs the table
owner's rights, is left to the database's privileges: Django's test runner empties tables with it.
SQLite, the development database, relies on the model alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INSTALL = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % of an audit event refused.', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""


def _on_postgresql(sql: str) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no parameters: "%" is a literal

    return run


class Migration(migrations.Migration):
    dependencies = (("audit", "0001_initial"),)

    operations = (migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(REMOVE)),)

"""Database triggers that refuse UPDATE, DELETE (and, on PostgreSQL, TRUNCATE) of the personal-data
audit log, whoever asks: the application, the admin or a person with the app's SQL credentials.

Kept as plain SQL per database so the migration and the test suite (which must empty test
databases between browser tests) use the same statements.
"""

from __future__ import annotations

TABLE = "audit_personaldataevent"
_MESSAGE = "the personal-data audit log is append-only"


def create_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            for verb in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION cspkit_audit_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cspkit_audit_append_only()",
        ]
    return []


def drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}" for verb in ("update", "delete")]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}"]
    return []


def add_triggers(apps, schema_editor) -> None:
    """For a migration's RunPython: make the triggers on the database being migrated."""
    for sql in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor) -> None:
    """For a migration's RunPython: remove the triggers (before a change that rebuilds the table)."""
    for sql in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)

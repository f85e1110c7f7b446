"""On PostgreSQL the database itself refuses to change or delete a row of the read log."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_readlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_readlog is append-only: %% refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_readlog_append_only ON audit_readlog;
CREATE TRIGGER audit_readlog_append_only BEFORE UPDATE OR DELETE ON audit_readlog
    FOR EACH ROW EXECUTE FUNCTION audit_readlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_readlog_append_only ON audit_readlog;
DROP FUNCTION IF EXISTS audit_readlog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_read_log")]
    operations = [migrations.RunPython(create, drop)]

"""The database itself refuses to change or remove an operation log line (Postgres trigger),
as it does for the ledger."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION merchant_operation_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the operation log is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER merchant_operation_log_append_only
    BEFORE UPDATE OR DELETE ON merchant_operationlog
    FOR EACH ROW EXECUTE FUNCTION merchant_operation_log_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS merchant_operation_log_append_only ON merchant_operationlog;
DROP FUNCTION IF EXISTS merchant_operation_log_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("merchant", "0009_operation_log")]

    operations = [migrations.RunPython(forward, backward)]

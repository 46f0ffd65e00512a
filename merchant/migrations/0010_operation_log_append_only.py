"""The database itself refuses to change or remove an operation log line (Postgres trigger),
as it does for the ledger."""

from django.db import migrations

from common.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("merchant", "0009_operation_log")]

    operations = [
        append_only_trigger(
            "merchant_operationlog",
            "the operation log is append-only",
            name="merchant_operation_log_append_only",
        )
    ]

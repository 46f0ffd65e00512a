"""The database itself refuses to change or remove a ledger entry (Postgres trigger)."""

from django.db import migrations

from common.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]

    operations = [
        append_only_trigger(
            "payouts_ledgerentry",
            "ledger entries are append-only",
            name="payouts_ledger_append_only",
        )
    ]

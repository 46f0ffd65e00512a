"""The order number stays unique, now by a named constraint, and loses the global LIKE index
that Postgres got with `unique=True` (see Order.order_sn).

On Postgres the unique index is kept and renamed, so the migration takes no time on a large
table; SQLite (the demo database) keeps its column's UNIQUE, which enforces the same and is
written as the named constraint the next time a migration rebuilds the table.
"""

from django.db import migrations, models

LIKE_INDEX = "orders_order_order_sn_97aac959_like"  # Django's name for it


def keep_the_unique_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE orders_order RENAME CONSTRAINT orders_order_order_sn_key "
            "TO order_sn_unique"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {LIKE_INDEX}")


def restore_unique_field(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE orders_order RENAME CONSTRAINT order_sn_unique "
            "TO orders_order_order_sn_key"
        )
        schema_editor.execute(
            f"CREATE INDEX {LIKE_INDEX} ON orders_order (order_sn varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("merchant", "0010_operation_log_append_only"),
        ("orders", "0017_after_sale_reminders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(keep_the_unique_index, restore_unique_field),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="order",
                    name="order_sn",
                    field=models.CharField(max_length=22, verbose_name="order number"),
                ),
                migrations.AddConstraint(
                    model_name="order",
                    constraint=models.UniqueConstraint(
                        fields=("order_sn",), name="order_sn_unique"
                    ),
                ),
            ],
        ),
    ]

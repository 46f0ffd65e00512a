"""Tables written once and never changed or removed (the ledger, the operation log): the
model refuses, and so does the database (a Postgres trigger, from the migration)."""

from django.db import migrations, models

from common.tenancy import ShopScopedQuerySet


class AppendOnlyQuerySet(ShopScopedQuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.db_table} is append-only")

    def delete(self):
        raise TypeError(f"{self.model._meta.db_table} is append-only")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{self._meta.db_table} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.db_table} is append-only")


def append_only_trigger(table: str, message: str, name: str) -> migrations.RunPython:
    """The migration operation that makes Postgres refuse UPDATE and DELETE on `table`
    (`message` says what, in the error; `name` is the trigger's and its function's);
    nothing on other databases (the embedded SQLite)."""
    create = f"""
    CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = '{message}: ' || TG_OP || ' refused';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER {name}
        BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {name}();
    """
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forward, backward)

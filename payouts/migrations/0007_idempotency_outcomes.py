import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    """Each stored answer becomes its outcome: the withdrawal it created, or its refusal."""
    IdempotencyKey = apps.get_model("payouts", "IdempotencyKey")
    Withdrawal = apps.get_model("payouts", "Withdrawal")
    for record in IdempotencyKey.objects.exclude(response_status=None).iterator():
        body = record.response_body or {}
        if record.response_status == 201 and Withdrawal.objects.filter(pk=body.get("id")).exists():
            record.withdrawal_id = body["id"]
        else:
            record.refusal = {
                "code": body.get("code", "application_error"),
                "status": record.response_status,
                "detail": body.get("detail", ""),
                "fields": body.get("fields"),
            }
        record.save(update_fields=["withdrawal", "refusal"])


class Migration(migrations.Migration):
    """Idempotency keys keep the outcome (a withdrawal or a refusal), not an HTTP answer:
    the API renders a replay as it renders the first request."""

    dependencies = [
        ("payouts", "0006_bank_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="idempotencykey",
            name="withdrawal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="payouts.withdrawal",
                verbose_name="withdrawal",
            ),
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="refusal",
            field=models.JSONField(blank=True, null=True, verbose_name="refusal"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="idempotencykey", name="response_status"),
        migrations.RemoveField(model_name="idempotencykey", name="response_body"),
    ]

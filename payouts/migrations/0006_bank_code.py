from django.db import migrations


class Migration(migrations.Migration):
    """One name for the bank from model to API: the column holds the bank's code."""

    dependencies = [
        ("payouts", "0005_system_texts_worded_when_read"),
    ]

    operations = [
        migrations.RenameField(model_name="bankcard", old_name="bank", new_name="bank_code"),
        migrations.RenameField(model_name="bankcardaudit", old_name="bank", new_name="bank_code"),
        migrations.RenameField(model_name="withdrawal", old_name="bank", new_name="bank_code"),
    ]

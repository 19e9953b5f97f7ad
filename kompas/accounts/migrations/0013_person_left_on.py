"""The day a person left (was deactivated) and the day they were pseudonymised.

Both columns are nullable without a default: SQLite adds them in place (ALTER TABLE ADD COLUMN),
so the person table keeps its triggers (the organisation's stamp, the people search).

People already inactive are taken to have left on the day of this migration: their period
starts now (kept longer than it might have been, never shorter)."""

from django.db import migrations, models
from django.utils import timezone


def left_today(apps, schema_editor):
    Person = apps.get_model("accounts", "Person")
    Person.objects.filter(is_active=False, left_on__isnull=True).update(
        left_on=timezone.localdate()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_role_dpo"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="left_on",
            field=models.DateField(blank=True, null=True, verbose_name="left on"),
        ),
        migrations.AddField(
            model_name="person",
            name="pseudonymised_on",
            field=models.DateField(blank=True, null=True, verbose_name="pseudonymised on"),
        ),
        migrations.RunPython(left_today, migrations.RunPython.noop, elidable=False),
    ]

"""The organisation stamp (models.OrganisationStamp) and the triggers that change it
(kompas.accounts.organisation)."""

from django.db import migrations, models

from kompas.accounts.organisation import drop_triggers, install_triggers



def add_triggers(apps, schema_editor):
    install_triggers(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_sessions_with_person"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationStamp",
            fields=[
                ("zone_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "organisation stamp",
            },
        ),
        migrations.RunPython(add_triggers, remove_triggers, elidable=False),
    ]

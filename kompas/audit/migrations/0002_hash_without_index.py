"""The hash column without a unique index: the chain is checked by recomputing it, and an index
on random values cost every audited page two random index writes (and their full-page images
in the WAL after each checkpoint)."""

import importlib

from django.db import migrations, models

# SQLite rebuilds the table to change a column, and the rebuilt table has lost the triggers
# that refuse UPDATE and DELETE: they are made again after it, in both directions.
_initial = importlib.import_module("kompas.audit.migrations.0001_initial")


def append_only_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _initial.SQLITE_BACKWARD + _initial.SQLITE_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, append_only_on_sqlite, elidable=False),
        migrations.AlterField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(max_length=64),
        ),
        migrations.RunPython(append_only_on_sqlite, migrations.RunPython.noop, elidable=False),
    ]

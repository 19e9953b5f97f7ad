"""The random keys of reports and the rows around them become SQLite's rowid (a column declared
INTEGER): declared bigint, SQLite kept a hidden rowid numbered in the order rows were written.
Nothing changes on PostgreSQL."""

import kompas.lib.ids
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0012_random_report_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="grant",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="revealrequest",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="id",
            field=kompas.lib.ids.RandomKeyField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
    ]

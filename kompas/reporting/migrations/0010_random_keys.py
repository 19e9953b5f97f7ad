"""Random keys for the rows written around reports (grants, messages, attachments, tasks,
reveal requests), and a conversation's order kept in its own column (finding 2 of issue 19:
sequential ids lined reporters' rows up with exactly timed events). Existing rows keep their
numbers; messages get their places in the order they were written."""

from django.db import migrations, models

import kompas.lib.ids


def number_the_conversations(apps, schema_editor):
    Message = apps.get_model("reporting", "Message")
    place: dict[int, int] = {}
    for message in Message.objects.order_by("report_id", "pk").only("pk", "report_id"):
        place[message.report_id] = place.get(message.report_id, 0) + 1
        Message.objects.filter(pk=message.pk).update(position=place[message.report_id])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_substitute"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="message",
            options={"ordering": ["position", "pk"]},
        ),
        migrations.AddField(
            model_name="message",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(number_the_conversations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attachment",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="grant",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="revealrequest",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
    ]

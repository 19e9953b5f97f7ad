"""Reports get random keys (finding 4 of issue 19: counted up, a key told the order of
filing). Existing reports keep theirs; their numbers stay as they were."""

import kompas.lib.ids
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0011_notices"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="id",
            field=models.BigIntegerField(
                default=kompas.lib.ids.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
    ]

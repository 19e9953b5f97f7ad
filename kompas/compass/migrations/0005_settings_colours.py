"""The values' colours on the compass picture, per zone (empty: the built-in colours)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("compass", "0004_starter_in_one_voice")]

    operations = [
        migrations.AddField(
            model_name="compasssettings",
            name="colours",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]

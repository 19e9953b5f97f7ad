# The three rules models share one abstract base (VersionedRules), whose zone has no reverse
# accessor (related_name="+"); no column or constraint changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_person_staff_number_upper"),
        ("registers", "0009_yearly_covering_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="giftrules",
            name="zone",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.zone"
            ),
        ),
        migrations.AlterField(
            model_name="sideactivityrules",
            name="zone",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.zone"
            ),
        ),
    ]

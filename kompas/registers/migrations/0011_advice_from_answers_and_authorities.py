# Issue 22, point 3: the gift advice weighs the member's answers (rules as data); money is never
# accepted, so the "never cash" setting goes; side activities get an advice of their own, the
# chief of police's authority (the mayor or the police college, with who records its decisions),
# the statute's chief of police for the CALog cadre by default, and the authority a decision was
# taken as.

import django.core.validators
import django.db.models.deletion
import kompas.registers.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0010_versioned_rules_base"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name="giftrules",
            name="refuse_cash",
        ),
        migrations.AddField(
            model_name="giftrules",
            name="answer_weights",
            field=models.JSONField(
                default=kompas.registers.models.default_answer_weights,
                validators=[kompas.registers.models.validate_answer_weights],
                verbose_name="what the member's answers weigh",
            ),
        ),
        migrations.AddField(
            model_name="sideactivity",
            name="advice",
            field=models.CharField(
                blank=True,
                choices=[
                    ("approve", "Compatible: may be approved"),
                    ("look_closer", "Look closer before deciding"),
                    ("refuse", "Not compatible: refuse"),
                ],
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="sideactivity",
            name="advice_reasons",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="sideactivity",
            name="decided_as",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddField(
            model_name="sideactivityrules",
            name="authority_chief",
            field=models.CharField(
                choices=[("mayor", "The mayor"), ("police_college", "The police college")],
                default="mayor",
                max_length=30,
                verbose_name="decides for the chief of police",
            ),
        ),
        migrations.AddField(
            model_name="sideactivityrules",
            name="external_recorder",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="records the decisions of the mayor or the police college",
            ),
        ),
        migrations.AddField(
            model_name="sideactivityrules",
            name="hours_caution",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                max_digits=4,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0.5")),
                    django.core.validators.MaxValueValidator(Decimal("60")),
                ],
                verbose_name="more hours per week than this ask for a closer look (empty: no limit)",
            ),
        ),
        migrations.AddField(
            model_name="sideactivityrules",
            name="weights",
            field=models.JSONField(
                default=kompas.registers.models.default_side_weights,
                validators=[kompas.registers.models.validate_side_weights],
                verbose_name="what weighs in the advice",
            ),
        ),
        migrations.AlterField(
            model_name="sideactivityrules",
            name="authority_calog",
            field=models.CharField(
                default="chief", max_length=30, verbose_name="decides for the CALog cadre"
            ),
        ),
    ]

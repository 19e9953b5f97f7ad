"""Load the starter dilemma library (kompas/compass/starter.py) into the shared library."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kompas.compass.services import load_starter

    load_starter(apps.get_model("compass", "Dilemma"), apps.get_model("compass", "DilemmaOption"))


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("compass", "Dilemma").objects.filter(zone__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("compass", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

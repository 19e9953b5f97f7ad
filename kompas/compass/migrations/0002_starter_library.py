"""Load the starter dilemma library (kompas/compass/starter.py) into the shared library."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kompas.compass.services import load_starter

    load_starter(apps.get_model("compass", "Dilemma"), apps.get_model("compass", "DilemmaOption"))


class Migration(migrations.Migration):
    dependencies = [("compass", "0001_initial")]

    # Going back leaves the starter set in place (loading is idempotent, and going back further
    # drops the tables): a cascading delete in a historical state can trip over related models.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

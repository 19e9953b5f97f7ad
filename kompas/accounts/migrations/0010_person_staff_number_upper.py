from django.db import migrations

# People search reads the person table again (kompas.accounts.search): on PostgreSQL it asks
# for a whole staff number in any case (UPPER(staff_number) = UPPER(...)) beside the parts of
# names and addresses that the trigram indexes of 0003 find. With an index for every condition,
# PostgreSQL combines the indexes instead of reading every person of the zone. (SQLite's iexact
# is a LIKE, which no index on UPPER serves; and a table SQLite rebuilds would lose an index the
# model does not name.)
INDEX = "person_staff_number_upper"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_person (UPPER(staff_number::text))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_sessions_are_djangos'),
    ]

    operations = [
        migrations.RunPython(add_index, drop_index, elidable=False),
    ]

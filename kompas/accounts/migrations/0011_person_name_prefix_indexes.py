from django.db import migrations

# People search finds the people whose first or last name starts with a search of one or two
# letters (UPPER(name) LIKE 'DE%', kompas.accounts.search): on PostgreSQL these indexes find them
# within the zone instead of reading every person of a national zone (the trigram indexes of
# 0003 need three letters). text_pattern_ops: a LIKE prefix uses the index whatever the
# database's collation. (As in 0010, SQLite keeps its plain LIKE.)
INDEXES = {
    "person_last_name_prefix": "last_name",
    "person_first_name_prefix": "first_name",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON accounts_person "
                f"(zone_id, UPPER({column}::text) text_pattern_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_person_staff_number_upper"),
    ]

    operations = [
        migrations.RunPython(add_indexes, drop_indexes, elidable=False),
    ]

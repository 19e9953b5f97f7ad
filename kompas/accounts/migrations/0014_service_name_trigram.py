from django.db import migrations

# People search also finds the people of the services whose name holds the search
# (kompas.accounts.search: UPPER(name) LIKE '%...%'): on PostgreSQL a trigram index finds those
# services instead of upper-casing the name of each of a national zone's thousand services on
# every search (0.4 ms of the search page, docs/performance.md). Made as the person indexes of
# 0003 are, where pg_trgm could be created; SQLite reads its services as before.
INDEX = "service_name_trgm"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return  # 0003 said so in the log; people search works without it
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_service "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_person_left_on"),
    ]

    operations = [
        migrations.RunPython(add_index, drop_index, elidable=False),
    ]

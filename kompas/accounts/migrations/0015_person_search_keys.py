import django.db.models.functions.text
from django.db import migrations, models

from kompas.accounts.organisation import drop_triggers, install_triggers

# People search looks in one stored column, Person.search_text (kompas.accounts.search): on
# PostgreSQL one trigram index on it replaces the three of 0003 on first name, last name and
# e-mail address (one index to read, and each person a search checks is compared once, without
# upper-casing three fields). Made where pg_trgm is there, as 0003 made its own.
OLD = ("first_name", "last_name", "email")


# SQLite adds a stored column by building the table anew, which the organisation stamp's
# triggers (0006) on this and other tables would refuse: they are taken down for the while.
def sqlite_triggers_down(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        drop_triggers(schema_editor.connection)


def sqlite_triggers_up(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        install_triggers(schema_editor.connection)


def _has_trigrams(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def one_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_trigrams(schema_editor):
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_text_trgm ON accounts_person "
        "USING gin (search_text gin_trgm_ops)"
    )
    for column in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


def three_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_trigrams(schema_editor):
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_search_text_trgm")
    for column in OLD:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS person_{column}_trgm ON accounts_person "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0014_service_name_trigram'),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_down, sqlite_triggers_up, elidable=False),
        migrations.AddField(
            model_name='person',
            name='first_name_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower('first_name'), output_field=models.CharField(max_length=100)),
        ),
        migrations.AddField(
            model_name='person',
            name='last_name_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower('last_name'), output_field=models.CharField(max_length=100)),
        ),
        migrations.AddField(
            model_name='person',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Upper(django.db.models.functions.text.Concat('first_name', models.Value('\x1f'), 'last_name', models.Value('\x1f'), 'email', output_field=models.TextField())), output_field=models.TextField()),
        ),
        migrations.RunPython(sqlite_triggers_up, sqlite_triggers_down, elidable=False),
        migrations.RunPython(one_index, three_indexes, elidable=False),
    ]

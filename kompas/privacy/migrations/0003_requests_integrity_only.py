"""Data-subject requests of a person concerned, and restricted ones, are the integrity officer's
only (`integrity_only`); a restriction's reason and a restricted member's row move into the
sealed box, and the state of a restricted one reads "answered" (attacker review: the readable
columns said "this member is involved in a report")."""

from django.db import migrations, models

SEALED_REQUEST = "privacy-requests"


def seal_restrictions(apps, schema_editor):
    from kompas.lib import sealed

    Request = apps.get_model("privacy", "DataSubjectRequest")
    Person = apps.get_model("accounts", "Person")
    Request.objects.filter(requester="concerned").update(integrity_only=True)
    for request in Request.objects.filter(
        models.Q(state="restricted") | ~models.Q(restriction="")
    ).iterator():
        contents = dict(sealed.open_json(SEALED_REQUEST, request.sealed, {}))
        contents["restriction"] = request.restriction
        if request.person_id is not None:
            person = Person.objects.get(pk=request.person_id)
            contents["person_id"] = str(request.person_id)
            contents["name"] = f"{person.first_name} {person.last_name}".strip()
        request.sealed = sealed.seal_json(SEALED_REQUEST, contents)
        request.state = "answered"
        request.person_id = None
        request.integrity_only = True
        request.save(update_fields=["sealed", "state", "person", "integrity_only"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_data_subject_requests"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="datasubjectrequest",
            name="integrity_only",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(seal_restrictions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="datasubjectrequest",
            name="restriction",
        ),
    ]

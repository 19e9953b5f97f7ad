"""Handler roles (chief, head of service, coordinator) can no longer come from a provider group:
whoever manages the group at the provider would hold a handler key and receive reports. Mappings
to them (or to any role outside the three left) are removed, and the roles they granted taken
back; each removal is audited."""

from typing import Any

from django.db import migrations, models

# Frozen here: the roles a group may still give when this migration was written.
MAPPABLE = ("mteam", "network", "communication")


def remove_unmappable(apps: Any, schema_editor: Any) -> None:
    RoleMapping = apps.get_model("sso", "RoleMapping")
    ProviderGrant = apps.get_model("sso", "ProviderGrant")
    mappings = list(RoleMapping.objects.exclude(role__in=MAPPABLE).order_by("pk"))
    grants = list(
        ProviderGrant.objects.exclude(assignment__role__in=MAPPABLE)
        .select_related("assignment__person")
        .order_by("pk")
    )
    if not mappings and not grants:
        return
    # The live writer keeps the audit chain linked; only reached on a database that holds such
    # mappings (never on a fresh one).
    from kompas.audit.services import record

    for mapping in mappings:
        record(
            "sso.mapping_removed",
            object_type="sso.rolemapping",
            object_id=mapping.pk,
            zone_id=mapping.zone_id,
            detail={"role": mapping.role, "service": mapping.service_id, "why": "not_mappable"},
        )
        mapping.delete()
    for grant in grants:
        assignment = grant.assignment
        record(
            "sso.role_revoked",
            object_type="accounts.person",
            object_id=assignment.person_id,
            zone_id=assignment.person.zone_id,
            detail={"role": assignment.role, "service": assignment.service_id, "why": "not_mappable"},
        )
        assignment.delete()  # the grant goes with it (cascade)


class Migration(migrations.Migration):
    dependencies = [
        ("sso", "0001_initial"),
        ("audit", "0006_actor_commitment"),
    ]

    operations = [
        migrations.RunPython(remove_unmappable, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rolemapping",
            name="role",
            field=models.CharField(
                choices=[
                    ("mteam", "M-team member"),
                    ("network", "Integrity network member"),
                    ("communication", "Communication officer"),
                ],
                max_length=30,
                verbose_name="role",
            ),
        ),
    ]

"""Entra ID's provisioning, as its SCIM validator plays it: create a user, find them by
userName, read them, change them, deactivate them, look for someone who is not there, refuse a
duplicate; then groups (services): create, add and remove members, find by displayName."""

from __future__ import annotations

import pytest

from kompas.accounts.models import Person, Service
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.scim.schema import ENTERPRISE, GROUP, KOMPAS, LIST
from kompas.scim.tests.conftest import new_user, patch_op, scim

pytestmark = pytest.mark.django_db


def test_a_user_is_created_found_changed_and_deactivated(personas, token) -> None:
    created = scim("post", "Users", token, new_user())
    assert created.status_code == 201, created.content
    assert created["Content-Type"] == "application/scim+json"
    user = created.json()
    person = Person.objects.get(pk=int(user["id"]))
    assert person.zone == personas.zone and person.email == "jan.peeters@pz-test.be"
    assert (person.first_name, person.last_name, person.staff_number) == ("Jan", "Peeters", "S1001")
    assert (person.cadre, person.status, person.language) == ("operational", "statutory", "nl")
    assert person.service is None and person.is_active and not person.has_usable_password()
    assert person.roles == frozenset()
    assert user["externalId"] == "jpeeters" and user["active"] is True
    assert user[ENTERPRISE]["employeeNumber"] == "S1001"
    assert user[KOMPAS] == {"cadre": "operational", "status": "statutory"}
    # The same audit event as HR's import, with the token in it.
    imported = AuditEvent.objects.filter(action="accounts.people_imported").get()
    assert imported.detail["created"] == 1 and imported.detail["via"] == "scim"
    assert imported.actor_role == "api" and imported.zone_id == personas.zone.pk

    found = scim("get", 'Users?filter=userName eq "Jan.Peeters@pz-test.be"', token).json()
    assert found["schemas"] == [LIST] and found["totalResults"] == 1
    assert found["Resources"][0]["id"] == user["id"]
    by_external = scim("get", 'Users?filter=externalId eq "jpeeters"', token).json()
    assert [r["id"] for r in by_external["Resources"]] == [user["id"]]
    assert scim("get", f"Users/{user['id']}", token).json()["userName"] == person.email

    changed = scim(
        "patch",
        f"Users/{user['id']}",
        token,
        patch_op(
            {"op": "Replace", "path": "name.familyName", "value": "Peeters-Claes"},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "jan.pc@pz-test.be"},
            {"op": "Replace", "path": "userName", "value": "jan.pc@pz-test.be"},
            {"op": "Add", "path": "preferredLanguage", "value": "fr-BE"},
            {"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "S1001"},
            {"op": "Replace", "path": "displayName", "value": "Jan Peeters-Claes"},
        ),
    )
    assert changed.status_code == 200, changed.content
    person.refresh_from_db()
    assert (person.last_name, person.email, person.language) == (
        "Peeters-Claes",
        "jan.pc@pz-test.be",
        "fr",
    )

    epoch = person.session_epoch
    off = scim(
        "patch",
        f"Users/{user['id']}",
        token,
        patch_op({"op": "Replace", "path": "active", "value": "False"}),
    )
    assert off.status_code == 200, off.content
    person.refresh_from_db()
    assert not person.is_active and person.session_epoch == epoch + 1
    assert off.json()["active"] is False
    event = AuditEvent.objects.filter(action="accounts.person_changed").get()
    assert event.object_id == str(person.pk) and event.detail["fields"] == "is_active"

    # Switched on again with a replace without a path.
    on = scim(
        "patch",
        f"Users/{user['id']}",
        token,
        patch_op({"op": "replace", "value": {"active": True, "name.givenName": "Jean"}}),
    )
    assert on.status_code == 200, on.content
    person.refresh_from_db()
    assert person.is_active and person.first_name == "Jean" and person.left_on is None

    nobody = scim("get", 'Users?filter=userName eq "nobody@pz-test.be"', token).json()
    assert nobody["totalResults"] == 0 and nobody["Resources"] == []

    again = scim("post", "Users", token, new_user("jan.pc@pz-test.be", "S2002", externalId="other"))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"
    assert "userName" in again.json()["detail"]
    assert Person.objects.filter(zone=personas.zone, staff_number="S2002").count() == 0
    assert AuditEvent.objects.filter(action="scim.conflict").get().detail == {
        "attribute": "userName"
    }


def test_a_delete_deactivates_and_deletes_nothing(personas, token) -> None:
    user = scim("post", "Users", token, new_user()).json()
    assert scim("delete", f"Users/{user['id']}", token).status_code == 204
    person = Person.objects.get(pk=int(user["id"]))
    assert not person.is_active and person.left_on == today()
    assert scim("get", f"Users/{user['id']}", token).json()["active"] is False


def test_groups_are_services_and_members_their_people(personas, token) -> None:
    jan = scim("post", "Users", token, new_user()).json()
    an = scim("post", "Users", token, new_user("an@pz-test.be", "S1002", externalId="an")).json()
    created = scim(
        "post",
        "Groups",
        token,
        {
            "schemas": [GROUP],
            "displayName": "Verkeer",
            "externalId": "g-verkeer",
            "members": [{"value": jan["id"]}],
        },
    )
    assert created.status_code == 201, created.content
    group = created.json()
    service = Service.objects.get(pk=int(group["id"]))
    assert service.zone == personas.zone and service.parent is None and service.name == "Verkeer"
    assert [m["value"] for m in group["members"]] == [jan["id"]]
    assert Person.objects.get(pk=int(jan["id"])).service == service

    found = scim(
        "get", 'Groups?filter=displayName eq "verkeer"&excludedAttributes=members', token
    ).json()
    assert found["totalResults"] == 1 and "members" not in found["Resources"][0]
    assert found["Resources"][0]["externalId"] == "g-verkeer"
    member = scim(
        "get", f'Groups?filter=id eq "{group["id"]}" and members eq "{an["id"]}"', token
    ).json()
    assert member["totalResults"] == 0

    added = scim(
        "patch",
        f"Groups/{group['id']}",
        token,
        patch_op({"op": "Add", "path": "members", "value": [{"value": an["id"]}]}),
    )
    assert added.status_code == 200, added.content
    assert Person.objects.get(pk=int(an["id"])).service == service
    removed = scim(
        "patch",
        f"Groups/{group['id']}",
        token,
        patch_op({"op": "Remove", "path": f'members[value eq "{jan["id"]}"]'}),
    )
    assert removed.status_code == 200, removed.content
    assert Person.objects.get(pk=int(jan["id"])).service is None
    removed = scim(
        "patch",
        f"Groups/{group['id']}",
        token,
        patch_op({"op": "Remove", "path": "members", "value": [{"value": an["id"]}]}),
    )
    assert Person.objects.get(pk=int(an["id"])).service is None
    renamed = scim(
        "patch",
        f"Groups/{group['id']}",
        token,
        patch_op({"op": "Replace", "path": "displayName", "value": "Verkeer & Handhaving"}),
    )
    assert renamed.json()["displayName"] == "Verkeer & Handhaving"
    assert scim("get", f"Users/{jan['id']}", token).json()["groups"] == []
    # Removing the members without naming them removes them all.
    both = [{"value": jan["id"]}, {"value": an["id"]}]
    scim(
        "patch",
        f"Groups/{group['id']}",
        token,
        patch_op({"op": "add", "path": "members", "value": both}),
    )
    assert service.members.count() == 2
    emptied = scim(
        "patch", f"Groups/{group['id']}", token, patch_op({"op": "remove", "path": "members"})
    )
    assert emptied.status_code == 200 and emptied.json()["members"] == []
    assert service.members.count() == 0

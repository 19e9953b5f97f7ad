"""The rest of the protocol a client relies on: what the service provider supports, lists in
pages, PUT, attributes left out, and the number of queries a call makes, the same with a few
people as with many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompas.accounts.models import Person
from kompas.scim.schema import CONFIG, ENTERPRISE, GROUP, KOMPAS, LIST, USER
from kompas.scim.tests.conftest import new_user, patch_op, scim
from kompas.testing import make_person, make_service

pytestmark = pytest.mark.django_db


def test_the_client_learns_what_kompas_supports(personas, token) -> None:
    config = scim("get", "ServiceProviderConfig", token).json()
    assert config["schemas"] == [CONFIG] and config["patch"]["supported"] is True
    assert config["bulk"]["supported"] is False and config["filter"]["supported"] is True
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim("get", "ResourceTypes", token).json()
    assert types["schemas"] == [LIST] and {t["id"] for t in types["Resources"]} == {"User", "Group"}
    assert scim("get", "ResourceTypes/User", token).json()["schema"] == USER
    schemas = scim("get", "Schemas", token).json()
    assert {s["id"] for s in schemas["Resources"]} == {USER, ENTERPRISE, KOMPAS, GROUP}
    user = scim("get", f"Schemas/{USER}", token).json()
    assert "userName" in {a["name"] for a in user["attributes"]}
    assert scim("get", "Schemas/urn:nothing", token).status_code == 404


def test_lists_come_in_pages(personas, token) -> None:
    total = Person.objects.filter(zone=personas.zone).count()
    first = scim("get", "Users?startIndex=1&count=3", token).json()
    assert (
        first["totalResults"] == total and first["itemsPerPage"] == 3 and first["startIndex"] == 1
    )
    second = scim("get", "Users?startIndex=4&count=3", token).json()
    ids = [r["id"] for r in first["Resources"] + second["Resources"]]
    assert len(set(ids)) == 6 and ids == sorted(ids, key=int)
    assert scim("get", "Users?count=0", token).json()["Resources"] == []
    past = scim("get", f"Users?startIndex={total + 10}", token).json()
    assert past["Resources"] == [] and past["totalResults"] == total
    assert scim("get", "Users?startIndex=-5&count=-1", token).json()["startIndex"] == 1
    only = scim("get", "Users?attributes=userName&count=1", token).json()["Resources"][0]
    assert set(only) == {"schemas", "id", "userName", "meta"}


def test_a_put_replaces_the_record_and_keeps_the_service(personas, token) -> None:
    member = personas.member
    user = scim("get", f"Users/{member.pk}", token).json()
    user["name"]["familyName"] = "Vervangen"
    user[KOMPAS]["cadre"] = "calog"
    response = scim("put", f"Users/{member.pk}", token, user)
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.last_name == "Vervangen" and member.cadre == "calog"
    assert member.service == personas.team and member.leader == personas["coordinator"]


def test_an_existing_person_is_found_and_taken_over(personas, token) -> None:
    """Entra ID matches on userName first: people HR's file brought in are found, and get the
    client's externalId with their first PATCH."""
    member = personas.member
    found = scim("get", f'Users?filter=userName eq "{member.email}"', token).json()
    assert [r["id"] for r in found["Resources"]] == [str(member.pk)]
    response = scim(
        "patch",
        f"Users/{member.pk}",
        token,
        patch_op({"op": "add", "path": "externalId", "value": "mila-oid"}),
    )
    assert response.status_code == 200, response.content
    assert scim("get", 'Users?filter=externalId eq "mila-oid"', token).json()["totalResults"] == 1


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code < 300, response.content
    return len(queries)


def test_the_queries_of_a_call_do_not_grow_with_the_zone(personas, token) -> None:
    def calls() -> list[int]:
        return [
            _count(lambda: scim("get", "Users?count=500", token)),
            _count(lambda: scim("get", 'Users?filter=userName eq "mila@x.be"', token)),
            _count(lambda: scim("get", f"Users/{personas.member.pk}", token)),
            _count(lambda: scim("get", "Groups?count=500", token)),
            _count(lambda: scim("get", f"Groups/{personas.service.pk}", token)),
            _count(
                lambda: scim(
                    "patch",
                    f"Users/{personas.member.pk}",
                    token,
                    patch_op({"op": "replace", "path": "name.givenName", "value": "Mila"}),
                )
            ),
        ]

    scim("get", "ServiceProviderConfig", token)  # the token's day of last use, written once
    few = calls()
    for number in range(30):
        service = make_service(personas.zone, f"Dienst {number}", parent=personas.service)
        make_person(personas.zone, service=service, leader=personas.member)
    many = calls()
    assert few == many, (few, many)


def test_a_leader_is_set_and_cleared_as_entra_sends_the_manager(personas, token) -> None:
    member, leader = personas.member, personas["chief"]
    path = f"{ENTERPRISE}:manager"
    response = scim(
        "patch",
        f"Users/{member.pk}",
        token,
        patch_op({"op": "Add", "path": path, "value": str(leader.pk)}),
    )
    assert response.status_code == 200, response.content
    assert response.json()[ENTERPRISE]["manager"]["value"] == str(leader.pk)
    member.refresh_from_db()
    assert member.leader == leader
    # A leader who would lead themselves in a circle is refused, as in HR's file.
    circle = scim(
        "patch",
        f"Users/{leader.pk}",
        token,
        patch_op({"op": "replace", "path": path, "value": {"value": str(member.pk)}}),
    )
    assert circle.status_code == 400 and circle.json()["detail"].startswith(f"{path}:")
    scim("patch", f"Users/{member.pk}", token, patch_op({"op": "Remove", "path": path}))
    member.refresh_from_db()
    assert member.leader is None


def test_a_group_put_replaces_its_name_and_members(personas, token) -> None:
    team, member = personas.team, personas.member
    others = list(Person.objects.filter(service=personas.service)[:2])
    body = {
        "schemas": [GROUP],
        "displayName": "Interventie Noord",
        "externalId": "oid-team",
        "members": [{"value": str(p.pk)} for p in others],
    }
    response = scim("put", f"Groups/{team.pk}", token, body)
    assert response.status_code == 200, response.content
    team.refresh_from_db()
    assert team.name == "Interventie Noord" and team.parent == personas.service
    assert set(team.members.all()) == set(others)
    member.refresh_from_db()
    assert member.service is None and member.is_active
    # A DELETE forgets the client's id; the service and its people stay.
    assert scim("delete", f"Groups/{team.pk}", token).status_code == 204
    kept = scim("get", f"Groups/{team.pk}", token).json()
    assert "externalId" not in kept and len(kept["members"]) == 2


def test_a_token_made_on_the_page_opens_scim_and_nothing_else(personas) -> None:
    import re

    from django.test import Client

    from kompas.accounts.roles import Role
    from kompas.testing import sign_in

    admin = sign_in(Client(), personas[Role.ADMIN])
    page = admin.get("/api/tokens/").content.decode()
    assert "/scim/v2" in page and 'value="scim"' in page
    made = admin.post("/api/tokens/", {"name": "Entra ID", "scopes": ["scim"]}).content.decode()
    found = re.search(r'id="new-token"[^>]*value="(kompas_[^"]+)"', made)
    assert found, made
    secret = found.group(1)
    assert scim("get", "Users", secret).status_code == 200
    assert scim("get", "/api/v1/people", secret).status_code == 403


def test_the_same_user_sent_twice_at_once_is_written_once(personas, token, monkeypatch) -> None:
    """A retry racing the first request passes the checks before the first one commits: the
    database's uniqueness decides, the loser is a 409 (not an error page) and writes nothing.
    The race is played by letting the second request skip the check it would have passed."""
    from kompas.scim import services

    assert scim("post", "Users", token, new_user()).status_code == 201
    monkeypatch.setattr(services, "_check_external_id", lambda *args, **kwargs: None)
    again = scim("post", "Users", token, new_user("jan.twee@pz-test.be", "S1002"))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"
    assert not Person.objects.filter(email="jan.twee@pz-test.be").exists()

"""What an attacker (or a misconfigured provisioning) tries: no token, a token without the scope,
another zone's ids and addresses, roles and passwords, unknown attributes, huge or broken bodies,
filters that try to say more than eq. Each is refused in SCIM's words and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.roles import Role
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import api_token
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.scim import services
from kompas.scim.schema import ENTERPRISE, ERROR, GROUP, KOMPAS
from kompas.scim.tests.conftest import new_user, patch_op, scim
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

ADDRESSES = [
    ("get", "Users"),
    ("post", "Users"),
    ("get", "Users/1"),
    ("patch", "Users/1"),
    ("put", "Users/1"),
    ("delete", "Users/1"),
    ("get", "Groups"),
    ("post", "Groups"),
    ("get", "Groups/1"),
    ("patch", "Groups/1"),
    ("delete", "Groups/1"),
    ("get", "ServiceProviderConfig"),
    ("get", "ResourceTypes"),
    ("get", "Schemas"),
]


def _refusal(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status), body
    if scim_type is not None:
        assert body.get("scimType") == scim_type, body
    return body


def _state() -> tuple:
    people = Person.objects.order_by("pk").values_list(
        "pk", "email", "first_name", "last_name", "service_id", "is_active", "session_epoch"
    )
    return list(people), list(Service.objects.order_by("pk").values_list("pk", "name"))


@pytest.mark.parametrize(("method", "path"), ADDRESSES)
def test_without_a_usable_token_nothing_opens(method, path, personas) -> None:
    before = _state()
    expired = api_token(personas.zone, Scope.SCIM, expires_on=None, revoked_at="2026-01-01T00:00Z")
    for token in (None, "", "kompas_nothing", expired, "x" * 5000):
        response = scim(method, path, token, new_user() if method in ("post", "put") else None)
        body = _refusal(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "jan" not in json.dumps(body).lower()
    # A Kompas session opens nothing either: only the bearer token counts.
    admin = sign_in(Client(), personas[Role.ADMIN])
    _refusal(getattr(admin, method)(f"/scim/v2/{path}"), 401)
    assert _state() == before
    assert not AuditEvent.objects.filter(action="api.called").exists()


@pytest.mark.parametrize(("method", "path"), ADDRESSES)
def test_a_token_without_the_scope_is_refused_and_the_refusal_logged(
    method, path, personas
) -> None:
    token = api_token(personas.zone, *[s for s in Scope.values if s != Scope.SCIM])
    before = _state()
    _refusal(scim(method, path, token, new_user() if method in ("post", "put") else None), 403)
    assert _state() == before
    refused = AuditEvent.objects.get(action="api.refused")
    assert refused.detail["scope"] == "scim" and refused.detail["endpoint"].startswith(
        method.upper()
    )


def test_every_call_is_logged_with_its_endpoint_never_its_content(personas, token) -> None:
    scim("post", "Users", token, new_user())
    scim("get", 'Users?filter=userName eq "jan.peeters@pz-test.be"', token)
    calls = list(AuditEvent.objects.filter(action="api.called").order_by("seq"))
    assert [c.detail["endpoint"] for c in calls] == ["POST /scim/v2/Users", "GET /scim/v2/Users"]
    assert all(c.actor_role == "api" and c.zone_id == personas.zone.pk for c in calls)
    assert "jan" not in json.dumps([c.detail for c in AuditEvent.objects.all()]).lower()


def test_a_token_never_sees_or_changes_another_zone(personas, token) -> None:
    outsider, elders = (
        personas.outsider,
        Service.objects.create(zone=personas.outsider.zone, name="Elders", code="elders"),
    )
    before = _state()
    for method in ("get", "put", "patch", "delete"):
        body = {
            "put": new_user(),
            "patch": patch_op({"op": "replace", "path": "active", "value": False}),
        }
        _refusal(scim(method, f"Users/{outsider.pk}", token, body.get(method)), 404)
        _refusal(scim(method, f"Groups/{elders.pk}", token, body.get(method)), 404)
    for text in (f'id eq "{outsider.pk}"', f'userName eq "{outsider.email}"'):
        assert scim("get", f"Users?filter={text}", token).json()["totalResults"] == 0
    assert scim("get", 'Groups?filter=displayName eq "Elders"', token).json()["totalResults"] == 0
    listed = scim("get", "Users?count=500", token).json()
    assert outsider.email not in json.dumps(listed)
    assert listed["totalResults"] == Person.objects.filter(zone=personas.zone).count()
    # Nor moves an outsider into one of its services, nor names them as a leader.
    mine = personas.service
    _refusal(
        scim(
            "patch",
            f"Groups/{mine.pk}",
            token,
            patch_op({"op": "add", "path": "members", "value": [{"value": str(outsider.pk)}]}),
        ),
        400,
        "invalidValue",
    )
    _refusal(
        scim(
            "post",
            "Users",
            token,
            {
                **new_user(),
                ENTERPRISE: {"employeeNumber": "S9", "manager": {"value": str(outsider.pk)}},
            },
        ),
        400,
        "invalidValue",
    )
    assert _state() == before


def test_an_address_of_another_zone_is_refused_as_any_taken_one_and_probing_stops(
    personas, token
) -> None:
    own = _refusal(
        scim("post", "Users", token, new_user(personas.member.email, "S1")), 409, "uniqueness"
    )
    other = _refusal(
        scim("post", "Users", token, new_user(personas.outsider.email, "S2", externalId="x2")),
        409,
        "uniqueness",
    )
    assert own["detail"] == other["detail"] == "userName: The value is taken."
    assert personas.outsider.zone.name not in json.dumps(other)
    # Each refusal is in the log (the attribute, not the address); the token's refusals are
    # counted, and past the budget the token is answered 429 before anything is looked up.
    assert AuditEvent.objects.filter(action="scim.conflict").count() == 2
    for number in range(services.CONFLICTS.times - 2):
        scim(
            "post",
            "Users",
            token,
            new_user(personas.outsider.email, f"P{number}", externalId=f"p{number}"),
        )
    limited = _refusal(
        scim("post", "Users", token, new_user("free@pz-test.be", "S3", externalId="free")), 429
    )
    assert "hour" in limited["detail"]
    assert not Person.objects.filter(email="free@pz-test.be").exists()


@pytest.mark.parametrize(
    ("change", "attribute", "scim_type"),
    [
        ({"roles": [{"value": "admin"}]}, "roles", "mutability"),
        ({"entitlements": [{"value": "x"}]}, "entitlements", "mutability"),
        ({"password": "Geheim123!"}, "password", "mutability"),
        ({"nickname2": "x"}, "nickname2", "invalidPath"),
        (
            {"name": {"givenName": "Jan", "familyName": "P", "secret": 1}},
            "name.secret",
            "invalidPath",
        ),
        (
            {KOMPAS: {"cadre": "calog", "status": "statutair", "role": "admin"}},
            f"{KOMPAS}:role",
            "invalidPath",
        ),
        ({KOMPAS: {"cadre": "generaal", "status": "statutair"}}, f"{KOMPAS}:cadre", "invalidValue"),
        ({"userName": "not an address", "emails": []}, "userName", "invalidValue"),
        ({"userName": "", "emails": []}, "userName", "invalidValue"),
        ({"name": {"givenName": "J" * 101, "familyName": "P"}}, "name.givenName", "invalidValue"),
        ({"preferredLanguage": "de-DE"}, "preferredLanguage", "invalidValue"),
        ({"active": "maybe"}, "active", "invalidValue"),
        ({"emails": [{"value": "other@pz-test.be", "type": "work"}]}, "emails", "invalidValue"),
        ({ENTERPRISE: {"employeeNumber": ""}}, f"{ENTERPRISE}:employeeNumber", "invalidValue"),
        ({"schemas": ["urn:evil"]}, "schemas", "invalidSyntax"),
    ],
)
def test_a_bad_attribute_changes_nothing_and_is_named(
    change, attribute, scim_type, personas, token
) -> None:
    before = _state()
    body = _refusal(scim("post", "Users", token, {**new_user(), **change}), 400, scim_type)
    assert body["detail"].startswith(f"{attribute}:"), body
    assert _state() == before
    assert not RoleAssignment.objects.filter(person__email="jan.peeters@pz-test.be").exists()
    assert not AuditEvent.objects.filter(action="accounts.people_imported").exists()


def test_a_patch_with_one_bad_operation_applies_none(personas, token) -> None:
    user = scim("post", "Users", token, new_user()).json()
    before = _state()
    body = _refusal(
        scim(
            "patch",
            f"Users/{user['id']}",
            token,
            patch_op(
                {"op": "replace", "path": "name.familyName", "value": "Anders"},
                {"op": "replace", "path": "active", "value": False},
                {"op": "add", "path": "roles", "value": [{"value": "integrity_officer"}]},
            ),
        ),
        400,
        "mutability",
    )
    assert body["detail"].startswith("roles:")
    for operation, scim_type in (
        ({"op": "move", "path": "active", "value": False}, "invalidSyntax"),
        ({"op": "remove"}, "noTarget"),
        ({"op": "replace", "path": "urn:evil:attr", "value": 1}, "invalidPath"),
        ({"op": "replace", "path": "emails[type eq", "value": 1}, "invalidPath"),
        ({"op": "replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "S9999"}, "mutability"),
    ):
        _refusal(scim("patch", f"Users/{user['id']}", token, patch_op(operation)), 400, scim_type)
    assert _state() == before


@pytest.mark.parametrize(
    "text",
    [
        'userName co "a"',
        'userName sw ""',
        "userName pr",
        'password eq "x"',
        'userName eq "x" or 1 eq 1',
        'userName eq "x\\" or \\"1\\" eq \\"1"',
        'userName eq "x\'); DROP TABLE accounts_person; --"',
        "(((((",
        "userName eq " + '"a"' + ' or userName eq "a"' * 300,
        'emails[type eq "work" and value co "@"]',
        'meta.created gt "2020-01-01"',
    ],
)
def test_a_filter_says_eq_on_known_attributes_or_is_refused(text, personas, token) -> None:
    response = Client().get(
        "/scim/v2/Users", {"filter": text}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    if response.status_code == 200:
        assert response.json()["totalResults"] == 0, text
    else:
        _refusal(response, 400, "invalidFilter")
    assert Person.objects.filter(zone=personas.zone).count() > 1


def test_huge_broken_or_odd_bodies_are_refused(personas, token) -> None:
    before = _state()
    huge = new_user(title="x" * (1024 * 1024))
    _refusal(scim("post", "Users", token, huge), 413)
    _refusal(scim("post", "Users", token, "{not json"), 400, "invalidSyntax")
    _refusal(scim("post", "Users", token, "[" * 100_000 + "]" * 100_000), 400)
    _refusal(
        scim("post", "Users", token, json.dumps(new_user(title="a\x00b"))), 400, "invalidValue"
    )
    _refusal(scim("post", "Users", token, ["a list"]), 400, "invalidSyntax")
    many = patch_op(*[{"op": "replace", "path": "title", "value": "x"}] * 1001)
    _refusal(scim("patch", f"Users/{personas.member.pk}", token, many), 400, "tooMany")
    _refusal(scim("get", "Users?sortBy=userName&secret=1", token), 400, "invalidValue")
    _refusal(scim("get", "Users?count=many", token), 400, "invalidValue")
    _refusal(scim("get", f"Users/{'9' * 30}", token), 404)
    _refusal(scim("get", "Users/%C2%B2", token), 404)
    _refusal(scim("post", "Users/1", token, new_user()), 405)
    _refusal(scim("get", "Bulk", token), 404)
    _refusal(
        scim("post", "Groups", token, {"schemas": [GROUP], "displayName": "A > B"}),
        400,
        "invalidValue",
    )
    assert _state() == before


def test_a_pseudonymised_leaver_is_out_of_reach(personas, token) -> None:
    """Someone pseudonymised after leaving (kompas.accounts.retention) is no longer the person the
    client knows: not listed, not found, not changed, not moved, nobody's leader."""
    gone = personas.member
    Person.objects.filter(pk=gone.pk).update(is_active=False, pseudonymised_on=today())
    before = _state()
    _refusal(scim("get", f"Users/{gone.pk}", token), 404)
    _refusal(
        scim(
            "patch",
            f"Users/{gone.pk}",
            token,
            patch_op({"op": "replace", "path": "active", "value": True}),
        ),
        404,
    )
    assert str(gone.pk) not in [
        r["id"] for r in scim("get", "Users?count=500", token).json()["Resources"]
    ]
    team = scim("get", f"Groups/{personas.team.pk}", token).json()
    assert str(gone.pk) not in [m["value"] for m in team["members"]]
    add = patch_op({"op": "add", "path": "members", "value": [{"value": str(gone.pk)}]})
    _refusal(scim("patch", f"Groups/{personas.service.pk}", token, add), 400, "invalidValue")
    # Replacing the team's members leaves the pseudonymised member where they are.
    scim(
        "patch",
        f"Groups/{personas.team.pk}",
        token,
        patch_op({"op": "replace", "path": "members", "value": []}),
    )
    assert Person.objects.get(pk=gone.pk).service == personas.team
    assert (
        _state()[0][[p[0] for p in before[0]].index(gone.pk)]
        == before[0][[p[0] for p in before[0]].index(gone.pk)]
    )
    # Whom they led can still be changed (their leader stays as it is), but nobody else can
    # be given them as leader.
    led = personas[Role.HR]
    Person.objects.filter(pk=led.pk).update(leader=gone)
    name = patch_op({"op": "replace", "path": "name.givenName", "value": "Hanne"})
    assert scim("patch", f"Users/{led.pk}", token, name).status_code == 200
    assert Person.objects.get(pk=led.pk).leader_id == gone.pk
    lead = patch_op({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": str(gone.pk)})
    _refusal(scim("patch", f"Users/{personas[Role.ADMIN].pk}", token, lead), 400, "invalidValue")


def test_a_leaver_is_deactivated_even_past_the_budget_of_refused_writes(personas, token) -> None:
    # A token that used up its refusals (a probing, or a misconfigured sync) still gets its
    # deactivations through: nobody who left keeps their access because of it.
    for number in range(services.CONFLICTS.times):
        scim(
            "post",
            "Users",
            token,
            new_user(personas.outsider.email, f"P{number}", externalId=f"p{number}"),
        )
    member = personas.member
    answer = scim(
        "patch",
        f"Users/{member.pk}",
        token,
        patch_op({"op": "Replace", "path": "active", "value": "False"}),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["active"] is False
    member.refresh_from_db()
    assert not member.is_active
    assert member.left_on == today()
    # Anything else in the same PATCH goes through the usual checks and budget.
    refused = scim(
        "patch",
        f"Users/{member.pk}",
        token,
        patch_op(
            {"op": "Replace", "path": "displayName", "value": "X"},
            {"op": "Replace", "path": "active", "value": True},
        ),
    )
    assert refused.status_code == 429

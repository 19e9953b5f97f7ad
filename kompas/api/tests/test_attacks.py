"""The API as an attacker tries it: each test names what it tries and what stops it.

Tokens (where a token may come from, how it is compared, revoked, expired, logged), throttles
(a token's budget, and guessing tokens), what leaves Kompas (the register, other zones), bad
input (unknown fields, size, NUL, nesting, broken unicode), browsers (cookies, CSRF, CORS),
errors, writing the organisation and the schema.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kompas.accounts.models import Person, Service
from kompas.accounts.roles import Role
from kompas.api.models import ApiToken
from kompas.api.scopes import Scope
from kompas.api.tests.conftest import ALL_SCOPES, api_token, call
from kompas.audit.models import AuditEvent
from kompas.lib.clock import today
from kompas.testing import make_person, make_zone, sign_in

pytestmark = pytest.mark.django_db

READ = Scope.READ_ORGANISATION
WRITE = Scope.WRITE_ORGANISATION


def _calls() -> int:
    return AuditEvent.objects.filter(object_type="api.apitoken").count()


def person(**fields):
    return {
        "staff_number": "A0001",
        "first_name": "Aline",
        "last_name": "Aanval",
        "email": "aline.aanval@pz.example",
        "service": ["Operaties"],
        "cadre": "calog",
        "status": "contractual",
        **fields,
    }


def _state():
    return (
        list(Person.objects.order_by("pk").values()),
        list(Service.objects.order_by("pk").values()),
        list(AuditEvent.objects.exclude(action="api.called").values_list("seq", flat=True)),
    )


# --- Where a token may come from ---------------------------------------------------------------


@pytest.mark.parametrize("field", ["token", "access_token", "bearer", "api_key", "key"])
def test_a_token_in_the_address_opens_nothing(personas, field) -> None:
    token = api_token(personas.zone, READ)
    response = Client().get(f"/api/v1/services?{field}={token}")
    assert response.status_code == 401
    assert _calls() == 0


@pytest.mark.parametrize(
    "header",
    ["Basic {}", "Token {}", "{}", "Bearer", "Bearer  ", "Bearer {}x", "Bearer x{}"],
)
def test_a_token_in_another_form_of_header_opens_nothing(personas, header) -> None:
    token = api_token(personas.zone, READ)
    response = Client().get("/api/v1/services", HTTP_AUTHORIZATION=header.format(token))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert _calls() == 0


def test_a_token_in_a_cookie_or_the_body_opens_nothing(personas) -> None:
    token = api_token(personas.zone, WRITE)
    client = Client()
    client.cookies["token"] = token
    response = client.put(
        "/api/v1/services",
        data=json.dumps({"services": [{"path": ["X"]}], "token": token}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Service.objects.filter(name="X").exists()


def test_the_administrators_session_does_not_open_the_api(personas) -> None:
    """A page of another site cannot make a signed-in browser call the API: the API knows no
    cookie, only a bearer token, which a browser never sends by itself."""
    browser = sign_in(Client(), personas[Role.ADMIN])
    assert browser.get("/api/v1/people").status_code == 401
    response = browser.put(
        "/api/v1/services",
        data=json.dumps({"services": [{"path": ["Via de browser"]}]}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Service.objects.filter(name="Via de browser").exists()


def test_no_other_site_is_allowed_to_read_answers(personas) -> None:
    token = api_token(personas.zone, READ)
    for method in ("get", "options"):
        response = getattr(Client(), method)(
            "/api/v1/services",
            HTTP_ORIGIN="https://evil.example",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )
        assert not any(name.lower().startswith("access-control-") for name in response.headers)


# --- Tokens at rest, in the log, revoked, expired -----------------------------------------------


def test_a_token_is_kept_only_as_its_hash_and_never_written_to_the_log(personas) -> None:
    admin = personas[Role.ADMIN]
    page = sign_in(Client(), admin).post(
        "/api/tokens/", {"name": "HR", "scopes": [READ], "expires_on": ""}
    )
    shown = re.search(r'value="(kompas_[^"]+)"', page.content.decode())
    assert shown is not None
    secret = shown.group(1)
    assert len(secret) == 50
    assert call("get", "/api/v1/services", secret).status_code == 200
    stored = ApiToken.objects.values().get()
    assert secret not in str(stored) and secret[7:] not in str(stored)
    logged = str(list(AuditEvent.objects.values()))
    assert secret[11:] not in logged and stored["key_hash"] not in logged


def test_the_page_that_shows_a_token_is_never_kept_by_a_browser_or_proxy(personas) -> None:
    page = sign_in(Client(), personas[Role.ADMIN]).post(
        "/api/tokens/", {"name": "HR", "scopes": [READ], "expires_on": ""}
    )
    assert "kompas_" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_a_revoked_token_stops_at_the_next_call(personas) -> None:
    token = api_token(personas.zone, READ)
    assert call("get", "/api/v1/services", token).status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert call("get", "/api/v1/services", token).status_code == 401


def test_an_expired_token_stops_the_day_after(personas) -> None:
    token = api_token(personas.zone, READ, expires_on=today())
    assert call("get", "/api/v1/services", token).status_code == 200
    ApiToken.objects.update(expires_on=today() - timedelta(days=1))
    assert call("get", "/api/v1/services", token).status_code == 401


def test_the_stored_hash_is_compared_in_constant_time(personas, monkeypatch) -> None:
    from kompas.api import tokens

    token = api_token(personas.zone, READ)
    compared = []

    def compare(a: str, b: str) -> bool:
        compared.append((a, b))
        return False

    monkeypatch.setattr(tokens.hmac, "compare_digest", compare)
    assert tokens.find_token(token) is None
    assert compared == [(ApiToken.objects.get().key_hash,) * 2]


# --- Throttles ---------------------------------------------------------------------------------


def test_guessing_tokens_is_throttled_per_address(personas, monkeypatch) -> None:
    from kompas.api.auth import REFUSED

    monkeypatch.setattr(REFUSED, "times", 5)
    token = api_token(personas.zone, READ)
    for n in range(5):
        assert call("get", "/api/v1/services", f"kompas_guess{n}").status_code == 401
    refused = call("get", "/api/v1/services", "kompas_guess-six")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Until the minute is over, from that address, whatever the token.
    assert call("get", "/api/v1/services", token).status_code == 429
    assert _calls() == 0
    # Another address is not held back by the first one's guesses.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/api/v1/services", HTTP_AUTHORIZATION="Bearer kompas_x").status_code == 401
    assert other.get("/api/v1/services", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_guessers_address_is_not_kept(personas) -> None:
    from kompas.lib.throttle import throttle_cache

    Client(REMOTE_ADDR="198.51.100.7").get(
        "/api/v1/services", HTTP_AUTHORIZATION="Bearer kompas_guess"
    )
    kept = str(throttle_cache()._cache)  # type: ignore[attr-defined]
    assert "198.51.100.7" not in kept and "kompas_guess" not in kept


def test_a_guesser_past_the_budget_does_not_reach_the_database(
    monkeypatch, django_assert_num_queries
) -> None:
    from kompas.api.auth import REFUSED

    monkeypatch.setattr(REFUSED, "times", 1)
    call("get", "/api/v1/services", "kompas_first")
    with django_assert_num_queries(0):
        assert call("get", "/api/v1/services", "kompas_second").status_code == 429


def test_hammering_past_a_tokens_budget_stops_reaching_the_database(
    personas, settings, monkeypatch, django_assert_num_queries
) -> None:
    from kompas.api.auth import REFUSED

    monkeypatch.setattr(REFUSED, "times", 3)
    settings.API_CALLS_PER_MINUTE = 1
    token = api_token(personas.zone, READ)
    assert call("get", "/api/v1/services", token).status_code == 200
    for _ in range(3):
        assert call("get", "/api/v1/services", token).status_code == 429
    with django_assert_num_queries(0):
        assert call("get", "/api/v1/services", token).status_code == 429
    assert _calls() == 1


def test_a_throttled_token_is_throttled_on_every_endpoint_and_scope(personas, settings) -> None:
    settings.API_CALLS_PER_MINUTE = 2
    token = api_token(personas.zone, READ)
    assert call("get", "/api/v1/services", token).status_code == 200
    assert call("get", "/api/v1/register", token).status_code == 403
    for path in ("/api/v1/people", "/api/v1/register", "/api/v1/figures/2025"):
        assert call("get", path, token).status_code == 429
    assert _calls() == 2


# --- What leaves Kompas ----------------------------------------------------------------------


def _report(personas, mode: str):
    from kompas.reporting import crypto
    from kompas.reporting.services import NewReport, submit_report

    report, _created = submit_report(
        zone=personas.zone,
        data=NewReport(kind="breach", channel="staff", identity_mode=mode, what="Geheim."),
        receipt=crypto.new_receipt(),
        signed_in=personas.member if mode != "anonymous" else None,
    )
    return report


def test_polling_the_register_does_not_tell_named_from_unnamed_reports(personas, handlers) -> None:
    """A system that reads the register every day would learn a report's identity mode if named
    reports showed the day they came in and the others the day after: every report is listed
    from the day after it came in."""
    from kompas.reporting.models import Report

    named = _report(personas, "named")
    unnamed = _report(personas, "anonymous")
    token = api_token(personas.zone, Scope.READ_REGISTERS)
    assert call("get", "/api/v1/register", token).json()["items"] == []
    Report.objects.update(received_on=today() - timedelta(days=1))
    lines = call("get", "/api/v1/register", token).json()["items"]
    assert {line["number"] for line in lines} == {named.number, unnamed.number}
    assert lines[0].keys() == lines[1].keys()
    assert "Geheim" not in str(lines) and "anonymous" not in str(lines)


def test_another_zones_people_are_neither_read_nor_written(personas) -> None:
    other_zone = make_zone("PZ Ander")
    theirs = make_person(other_zone, first_name="Xavier", last_name="Anderzone")
    token = api_token(personas.zone, *ALL_SCOPES)
    assert call("get", f"/api/v1/people/{theirs.pk}", token).status_code == 404
    assert "Anderzone" not in call("get", "/api/v1/people", token).content.decode()
    response = call(
        "put",
        "/api/v1/people",
        token,
        {"people": [person(staff_number=theirs.staff_number, email="nieuw@pz.example")]},
    )
    theirs.refresh_from_db()
    assert (theirs.zone_id, theirs.first_name, theirs.email) == (
        other_zone.pk,
        "Xavier",
        theirs.email,
    )
    assert response.status_code == 200  # a new person of this zone, with that staff number
    assert Person.objects.get(zone=personas.zone, staff_number=theirs.staff_number)


def test_a_leader_of_another_zone_cannot_be_named(personas) -> None:
    other_zone = make_zone("PZ Ander")
    theirs = make_person(other_zone)
    token = api_token(personas.zone, WRITE)
    before = _state()
    response = call(
        "put", "/api/v1/people", token, {"people": [person(leader=theirs.staff_number)]}
    )
    assert response.status_code == 422
    assert _state() == before


# --- Writing the organisation: no more than HR's file --------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"is_active": False},
        {"is_superuser": True},
        {"is_staff": True},
        {"roles": ["admin"]},
        {"role": "admin"},
        {"password": "x"},
        {"zone": 1},
        {"zone_id": 1},
        {"id": 1},
    ],
)
def test_writing_people_sets_no_role_state_or_zone(personas, extra) -> None:
    token = api_token(personas.zone, WRITE)
    before = _state()
    response = call("put", "/api/v1/people", token, {"people": [person(**extra)]})
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {
        f"people[0].{name}" for name in extra
    }
    assert _state() == before


def test_the_administrator_cannot_be_deactivated_or_stripped_through_the_api(personas) -> None:
    admin = personas[Role.ADMIN]
    roles = sorted(admin.roles)
    token = api_token(personas.zone, WRITE)
    response = call(
        "put",
        "/api/v1/people",
        token,
        {
            "people": [
                person(
                    staff_number=admin.staff_number,
                    first_name=admin.first_name,
                    last_name=admin.last_name,
                    email=admin.email,
                )
            ]
        },
    )
    assert response.status_code == 200, response.json()
    admin.refresh_from_db()
    assert admin.is_active and sorted(admin.roles) == roles


def test_an_address_of_another_zone_is_refused_as_any_address_in_use(personas) -> None:
    other_zone = make_zone("PZ Ander")
    theirs = make_person(other_zone, email="bezet@pz-ander.example")
    token = api_token(personas.zone, WRITE)
    before = _state()
    elsewhere = call("put", "/api/v1/people", token, {"people": [person(email=theirs.email)]})
    here = call("put", "/api/v1/people", token, {"people": [person(email=personas.member.email)]})
    assert elsewhere.status_code == here.status_code == 422
    assert [e["message"].replace(theirs.email, "@") for e in elsewhere.json()["errors"]] == [
        e["message"].replace(personas.member.email, "@") for e in here.json()["errors"]
    ]
    assert "PZ Ander" not in elsewhere.content.decode()
    assert _state() == before


def test_a_write_that_fails_halfway_leaves_nothing(personas, monkeypatch) -> None:
    from kompas.accounts import importing

    token = api_token(personas.zone, WRITE)
    before = _state()
    real = importing._record_import

    def broken(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "_record_import", broken)
    client = Client(raise_request_exception=False)
    response = client.put(
        "/api/v1/people",
        data=json.dumps({"people": [person(), person(staff_number="A0002", email="b@pz.example")]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 500
    assert "the disk is full" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert _state() == before
    # The call itself stays on the record.
    assert AuditEvent.objects.filter(action="api.called").count() == 1


# --- Bad input -------------------------------------------------------------------------------


def test_a_deeply_nested_body_is_refused_without_a_server_error(personas) -> None:
    token = api_token(personas.zone, WRITE)
    before = _state()
    for body in ("[" * 100_000 + "]" * 100_000, '{"people": ' + "[" * 50_000 + "]" * 50_000 + "}"):
        response = call("put", "/api/v1/people", token, body)
        assert response.status_code in (400, 422), response.content[:200]
        assert response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize("text", ["\\ud800", "a\\udfffb", "\\u0000", "x\\u0000"])
def test_broken_unicode_and_nul_are_refused_by_name(personas, text) -> None:
    token = api_token(personas.zone, WRITE)
    before = _state()
    body = json.dumps({"people": [person()]}).replace("Aline", text)
    response = call("put", "/api/v1/people", token, body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "people[0].first_name"
    assert _state() == before
    services = '{"services": [{"path": ["' + text + '"]}]}'
    response = call("put", "/api/v1/services", token, services)
    assert response.status_code == 422, response.content
    assert _state() == before


def test_broken_unicode_in_a_query_or_key_is_refused(personas) -> None:
    token = api_token(personas.zone, *ALL_SCOPES)
    response = call("put", "/api/v1/people", token, '{"people": [{"\\ud800": 1}]}')
    assert response.status_code == 422
    assert call("get", "/api/v1/people?active=%ED%A0%80", token).status_code in (400, 422)
    assert call("get", "/api/v1/people?%00=1", token).status_code == 400
    in_path = call("get", "/api/v1/people/%00", token)
    assert in_path.status_code == 400 and in_path.json()["detail"]
    assert call("get", "/api/v1/people", "kompas_\x00" + "A" * 42).status_code == 401
    assert call("get", "/api/v1/people", token + "\x00").status_code == 401


def test_unicode_that_is_valid_is_kept_as_sent(personas) -> None:
    token = api_token(personas.zone, WRITE)
    name = "Zoë Ŀ\u2019Hôpital 李"
    response = call(
        "put", "/api/v1/people", token, {"people": [person(first_name=name, service=["Één"])]}
    )
    assert response.status_code == 200
    assert Person.objects.get(staff_number="A0001").first_name == name


def test_a_body_too_large_is_refused_before_it_is_read(personas) -> None:
    token = api_token(personas.zone, WRITE)
    response = Client().generic(
        "PUT",
        "/api/v1/people",
        data=b"{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        CONTENT_LENGTH=str(6 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_a_body_that_is_not_an_object_is_refused(personas) -> None:
    token = api_token(personas.zone, WRITE)
    before = _state()
    for body in ("null", "[]", '"people"', "1e999999", "{", '{"people": null}', "\ufeff{}"):
        response = call("put", "/api/v1/people", token, body)
        assert response.status_code in (400, 422), (body, response.content)
    assert _state() == before


def test_duplicate_keys_in_a_body_do_not_smuggle_a_value(personas) -> None:
    token = api_token(personas.zone, WRITE)
    body = json.dumps({"people": [person()]})[:-1] + ', "people": []}'
    response = call("put", "/api/v1/people", token, body)
    assert response.status_code == 422
    assert not Person.objects.filter(staff_number="A0001").exists()


# --- Errors ------------------------------------------------------------------------------------


def test_refusals_are_json_and_tell_nothing_of_the_inside(personas) -> None:
    token = api_token(personas.zone, *ALL_SCOPES)
    for method, path in [
        ("get", "/api/v1/nothing"),
        ("get", "/api/v1/people/"),
        ("put", "/api/v1/tokens"),
        ("delete", "/api/v1/people"),
        ("post", "/api/v1/people"),
        ("get", "/api/v1/people/99999999999999999999"),
        ("get", "/api/v1/figures/abc"),
        ("get", "/api/v1/register?page=0"),
    ]:
        response = call(method, path, token)
        body = response.content.decode()
        assert response.status_code in (400, 404, 405, 422), (path, response.status_code)
        if response.status_code != 405:  # django-ninja's own, in plain text
            assert response.json()["detail"], path
        for word in ("Traceback", "django", "ninja", "pydantic", 'File "', "SELECT", "settings"):
            assert word not in body, (path, word)


# --- The token pages -----------------------------------------------------------------------------


def test_the_documentation_is_found_without_its_last_slash() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 301 and response["Location"] == "/api/v1/docs/"


def test_the_token_pages_need_the_csrf_token(personas) -> None:
    admin = personas[Role.ADMIN]
    browser = sign_in(Client(enforce_csrf_checks=True), admin)
    made = browser.post("/api/tokens/", {"name": "Stiekem", "scopes": [WRITE], "expires_on": ""})
    assert made.status_code == 403
    assert not ApiToken.objects.exists()
    api_token(personas.zone, READ)
    stored = ApiToken.objects.get()
    revoked = browser.post(f"/api/tokens/{stored.pk}/revoke/")
    assert revoked.status_code == 403
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_another_zones_administrator_cannot_revoke_or_see_a_token(personas) -> None:
    other_zone = make_zone("PZ Ander")
    theirs = make_person(other_zone, roles=(Role.ADMIN,))
    api_token(personas.zone, READ, name="Ons HR")
    stored = ApiToken.objects.get()
    browser = sign_in(Client(), theirs)
    assert "Ons HR" not in browser.get("/api/tokens/").content.decode()
    assert browser.post(f"/api/tokens/{stored.pk}/revoke/").status_code == 404
    stored.refresh_from_db()
    assert stored.revoked_at is None


@pytest.mark.parametrize("role", [Role.HR, Role.INTEGRITY_OFFICER, Role.OVERSIGHT])
def test_no_other_role_makes_a_token(personas, role) -> None:
    browser = sign_in(Client(), personas[role])
    response = browser.post("/api/tokens/", {"name": "X", "scopes": [WRITE], "expires_on": ""})
    assert response.status_code in (403, 404)
    assert not ApiToken.objects.exists()


def test_a_scope_that_does_not_exist_is_not_given(personas) -> None:
    from kompas.api.tokens import create_token

    with pytest.raises(ValidationError):
        create_token(by=personas[Role.ADMIN], name="X", scopes=["admin", READ])
    with pytest.raises(ValidationError):
        create_token(by=personas[Role.ADMIN], name="X", scopes=["*"])
    assert not ApiToken.objects.exists()


# --- The schema --------------------------------------------------------------------------------


def test_the_schema_names_only_the_endpoints_and_every_one_needs_a_scope() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert all(path.startswith("/api/v1/") for path in paths)
    assert not any("token" in path or "docs" in path for path in paths)
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["x-kompas-scope"] in Scope.values
            assert operation["security"] == [{"TokenAuth": []}]
    text = json.dumps(schema)
    for word in ("key_hash", "password", "identity_mode", "channel", "receipt", "what", "box"):
        assert f'"{word}"' not in text, word


def test_the_public_schema_is_built_once_not_for_every_caller(monkeypatch) -> None:
    """The schema needs no token and knows no limit: built for every call (150 ms), a few
    calls a second would keep a worker busy."""
    import ninja.main

    first = Client().get("/api/v1/openapi.json")

    def build(**kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(ninja.main, "get_schema", build)
    for _ in range(3):
        again = Client().get("/api/v1/openapi.json")
        assert again.status_code == 200 and again.content == first.content
    assert Client().get("/api/v1/docs/").status_code == 200

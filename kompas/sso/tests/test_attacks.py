"""What an attacker, or a provider that answers wrong, gets: a translated error page, no session,
and an audit event naming the reason. The provider is real (loopback); a bad answer is made by
having it sign wrong claims with its own key, as a misconfigured or compromised provider would."""

from __future__ import annotations

import socket
import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client, RequestFactory
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.reporting import keys
from kompas.sso import views
from kompas.sso.backends import ProviderBackend
from kompas.sso.config import ProviderError
from kompas.sso.models import Identity
from kompas.sso.tests.conftest import provider_answer, sign_in_through_provider, to_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def mila(personas, sso):
    Identity.objects.create(person=personas.member, issuer=sso.url, subject="mila")
    return personas.member


def refused(response, reason, client):
    assert client.session.get("_auth_user_id") is None
    event = AuditEvent.objects.filter(action="sso.sign_in_failed").latest("seq")
    assert event.detail == {"reason": reason}
    assert event.actor_id is None
    return response.content.decode()


@pytest.mark.parametrize(
    ("claims", "reason", "words"),
    [
        ({"exp": 1_000_000_000}, "expired", "is verlopen"),
        ({"aud": "another-application"}, "audience", "andere toepassing"),
        ({"aud": ["kompas", "another-application"]}, "audience", "andere toepassing"),
        (
            {"iss": "https://login.example.test/other-tenant"},
            "issuer",
            "waarvoor Kompas is ingesteld",
        ),
        ({"nonce": "a-nonce-of-another-sign-in"}, "nonce", "hoort niet bij deze aanmelding"),
        ({"iat": "yesterday"}, "invalid_token", "niet worden geverifieerd"),
    ],
)
def test_a_bad_id_token_signs_nobody_in(client, mila, claims, reason, words):
    trip = sign_in_through_provider(client, "mila", claims)

    assert trip.response.status_code == 400
    assert words in refused(trip.response, reason, client)


def test_a_forged_token_is_refused_by_the_providers_keys(mila, sso, rf):
    """A token with the right claims and the provider's key id, signed with another key."""
    from kompas.sso.config import provider

    jwks = requests.get(sso.url + "/jwks", timeout=5).json()
    kid = jwks["keys"][0]["kid"]
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {
        "iss": sso.url,
        "aud": "kompas",
        "sub": "mila",
        "iat": now,
        "exp": now + 300,
        "nonce": "n",
    }
    forged = jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": kid})
    backend = ProviderBackend()
    backend._configure()
    assert provider() is not None
    with pytest.raises(ProviderError) as error:
        backend.verify_token(forged, nonce="n")
    assert error.value.reason == "invalid_token"
    # Nor without a signature at all, nor with the client secret as an HMAC key.
    for token in (
        jwt.encode(claims, "", algorithm="none"),
        jwt.encode(claims, "kompas-test-secret-is-long-enough-for-hs256!", algorithm="HS256"),
    ):
        with pytest.raises(ProviderError):
            backend.verify_token(token, nonce="n")


def test_a_replayed_answer_is_refused(client, mila):
    trip = sign_in_through_provider(client, "mila")
    assert trip.response.status_code == 302
    callback = trip.callback_url.replace("http://testserver", "")

    # In the same browser (a reload): the state was spent; nobody new is signed in, and the
    # person stays who they were.
    again = client.get(callback)
    assert again.status_code == 302
    assert again["Location"] == reverse("front:home")
    assert client.session.get("_auth_user_id") == str(mila.pk)
    assert AuditEvent.objects.filter(action="accounts.signed_in").count() == 1

    # Signed out, the same answer again: refused.
    client.post(reverse("accounts:logout"))
    again = client.get(callback)
    assert again.status_code == 400
    assert "al gebruikt" in refused(again, "state", client)

    # In an attacker's browser, which never started a sign-in.
    attacker = Client()
    stolen = attacker.get(callback)
    assert stolen.status_code == 400
    refused(stolen, "state", attacker)


def test_an_answer_with_another_sign_ins_state_and_code_is_refused_by_pkce(client, mila):
    """The code of one sign-in brought back with the state of another (the verifier differs)."""
    first = provider_answer(to_provider(client), "mila")
    second = provider_answer(to_provider(client), "mila")
    code = first.split("code=")[1].split("&")[0]
    state = second.split("state=")[1].split("&")[0]

    response = client.get(reverse("sso:callback") + f"?code={code}&state={state}")

    assert response.status_code == 400
    refused(response, "refused", client)


def test_an_answer_that_comes_too_late_is_refused(client, mila):
    authorize_url = to_provider(client)
    session = client.session
    for entry in session["oidc_states"].values():
        entry["added_on"] -= 60 * 11
    session.save()

    answer = provider_answer(authorize_url, "mila")
    response = client.get(answer.replace("http://testserver", ""))

    assert response.status_code == 400
    refused(response, "state", client)


def test_the_providers_error_answer_is_said(client, mila):
    to_provider(client)
    state = next(iter(client.session["oidc_states"]))
    response = client.get(reverse("sso:callback") + f"?error=access_denied&state={state}")
    assert response.status_code == 400
    refused(response, "provider_error", client)
    assert client.get(reverse("sso:callback") + f"?code=x&state={state}").status_code == 400


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("https://evil.example.test/", "/"),
        ("//evil.example.test/", "/"),
        ("/\\evil.example.test/", "/"),
        ("javascript:alert(1)", "/"),
        ("/registers/", "/registers/"),
    ],
)
def test_next_never_leaves_kompas(client, mila, next_url, landing):
    from urllib.parse import quote

    trip = sign_in_through_provider(client, "mila", next_url=quote(next_url, safe=""))
    assert trip.response.status_code == 302
    assert trip.response["Location"] == (reverse("front:home") if landing == "/" else landing)


def test_a_discovery_document_naming_another_issuer_is_a_mix_up(client, mila, settings, sso):
    settings.OIDC_ISSUER = sso.url + "/another-tenant"
    settings.OIDC_DISCOVERY_URL = sso.url + "/.well-known/openid-configuration"

    response = client.get(reverse("sso:start"))

    assert response.status_code == 400
    refused(response, "issuer", client)


def test_a_provider_that_does_not_answer_in_time(client, db, settings, sso):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"
        settings.OIDC_TIMEOUT = 1

        response = client.get(reverse("sso:start"))

    assert response.status_code == 502
    assert "niet op tijd" in refused(response, "unreachable", client)


def test_the_token_endpoint_answering_late_or_not_at_all(client, mila, settings, sso):
    """Discovery answered; then the token endpoint is gone (a provider down mid-sign-in)."""
    authorize_url = to_provider(client)
    answer = provider_answer(authorize_url, "mila")
    from django.core.cache import cache

    key = "sso-discovery:" + sso.url + "/.well-known/openid-configuration"
    document = cache.get(key)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        document["token_endpoint"] = f"http://127.0.0.1:{silent.getsockname()[1]}/token"
        cache.set(key, document)
        settings.OIDC_TIMEOUT = 1
        response = client.get(answer.replace("http://testserver", ""))

    assert response.status_code == 502
    refused(response, "unreachable", client)


def _handler_with_open_key(personas, settings):
    from kompas.reporting.tests.conftest import signed_in_handler

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    chief = personas[Role.CHIEF]
    browser = signed_in_handler(chief)
    assert browser.session[keys.SESSION_FIELD]
    return chief, browser


def _key_still_opens(browser, person):
    request = RequestFactory().get("/")
    request.session = browser.session
    request.COOKIES = {name: morsel.value for name, morsel in browser.cookies.items()}
    return keys.unlocked_private_key(request, person) is not None


@pytest.mark.parametrize(
    "query",
    [
        "?error=access_denied&state=bogus",
        "?error=access_denied",
        "?code=stolen&state=bogus",
        "?state=bogus",
    ],
)
def test_a_link_from_elsewhere_signs_nobody_out(client, personas, settings, sso, query):
    """The attacker's page makes a signed-in handler's browser open the callback with an error
    (or a code) and a state this session never made: the handler stays signed in, key open."""
    chief, browser = _handler_with_open_key(personas, settings)
    assert _key_still_opens(browser, chief)

    response = browser.get(reverse("sso:callback") + query)

    assert response.status_code in (302, 400)
    assert browser.session.get("_auth_user_id") == str(chief.pk)
    assert _key_still_opens(browser, chief)
    assert browser.get(reverse("front:home")).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.signed_out").exists()


def test_an_unreachable_provider_at_start_signs_nobody_out(personas, settings, sso):
    chief, browser = _handler_with_open_key(personas, settings)
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens: the discovery fails
    settings.OIDC_TIMEOUT = 1
    response = browser.get(reverse("sso:start"))
    assert response.status_code == 502
    assert browser.session.get("_auth_user_id") == str(chief.pk)
    assert _key_still_opens(browser, chief)


def test_failed_answers_are_audited_a_few_times_per_address_then_answered_alike(client, mila):
    """Forged answers, sent over and over, cannot flood the audit log: the first are audited,
    the rest get the same page with nothing written."""
    url = reverse("sso:callback") + "?code=forged&state=bogus"
    first = [client.get(url) for _ in range(views.FAILURES_AUDITED.times)]
    assert AuditEvent.objects.filter(action="sso.sign_in_failed").count() == len(first)
    before = AuditEvent.objects.count()

    later = [client.get(url) for _ in range(5)]

    assert AuditEvent.objects.count() == before
    assert {r.status_code for r in first + later} == {400}
    words = "begon niet hier"
    assert all(words in r.content.decode() for r in first + later)
    # Another address still gets its refusals audited.
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").get(url)
    assert elsewhere.status_code == 400
    assert AuditEvent.objects.count() == before + 1

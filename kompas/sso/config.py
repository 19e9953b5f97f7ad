"""The identity provider as configured (KOMPAS_OIDC_* settings) and its discovery document.

One provider per installation: a zone's people are told apart by the identities they linked
(`kompas.sso.models.Identity`), not by which provider they came from. Everything is read from the
settings when asked, so that a test can point Kompas at the provider it started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.utils import import_from_settings

# How long the provider's discovery document is kept in the shared cache.
DISCOVERY_SECONDS = 60 * 60
# How long a sign-in may take at the provider (between leaving Kompas and coming back).
STATE_SECONDS = 60 * 10


class ProviderError(Exception):
    """A sign-in through the provider that must not go on. ``reason`` is one of REASONS' keys
    (audited, and the error page says it in words)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    subject_claim: str
    groups_claim: str
    email_verified_claim: str
    mfa_methods: frozenset[str]
    scopes: str
    algorithm: str
    timeout: int


def provider() -> Provider | None:
    """The configured provider, or None when sign-in through a provider is off."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    if not (issuer and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET):
        return None
    return Provider(
        name=settings.OIDC_PROVIDER_NAME,
        issuer=issuer,
        discovery_url=settings.OIDC_DISCOVERY_URL or f"{issuer}/.well-known/openid-configuration",
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        subject_claim=settings.OIDC_SUBJECT_CLAIM,
        groups_claim=settings.OIDC_GROUPS_CLAIM,
        email_verified_claim=settings.OIDC_EMAIL_VERIFIED_CLAIM,
        mfa_methods=frozenset(settings.OIDC_MFA_METHODS),
        scopes=settings.OIDC_SCOPES,
        algorithm=settings.OIDC_SIGN_ALGORITHM,
        timeout=settings.OIDC_TIMEOUT,
    )


def is_https(url: str) -> bool:
    return urlsplit(url).scheme == "https"


def discovery(conf: Provider) -> dict[str, Any]:
    """The provider's discovery document, checked: it must name the configured issuer exactly
    (OpenID Connect Discovery 1.0, section 4.3), or a document served elsewhere could send
    Kompas' code and secret to another provider (a mix-up)."""
    key = "sso-discovery:" + conf.discovery_url
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(conf.discovery_url, timeout=conf.timeout)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderError("unreachable") from exc
        if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != conf.issuer:
            raise ProviderError("issuer")
        for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(document.get(needed), str):
                raise ProviderError("unreachable")
        cache.set(key, document, DISCOVERY_SECONDS)
    return dict(document)


_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def library_setting(attr: str, *default: Any) -> Any:
    """What mozilla-django-oidc asks for, from our configuration: the endpoints from discovery,
    and the choices Kompas makes for every installation (PKCE with S256, a nonce, no account
    created by sign-in, no token kept in the session)."""
    conf = provider()
    if conf is None:
        raise ProviderError("off")
    if attr in _ENDPOINTS:
        return discovery(conf).get(_ENDPOINTS[attr])
    fixed: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": conf.client_id,
        "OIDC_RP_CLIENT_SECRET": conf.client_secret,
        "OIDC_RP_SIGN_ALGO": conf.algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": conf.scopes,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_PKCE_CODE_VERIFIER_SIZE": 64,
        "OIDC_USE_NONCE": True,
        "OIDC_STATE_SIZE": 32,
        "OIDC_NONCE_SIZE": 32,
        "OIDC_MAX_STATES": 5,
        "OIDC_TIMEOUT": conf.timeout,
        "OIDC_VERIFY_SSL": True,
        "OIDC_PROXY": None,
        "OIDC_VERIFY_KID": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_REDIRECT_ALLOWED_HOSTS": [],
        "OIDC_REDIRECT_REQUIRE_HTTPS": settings.HTTPS,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
    }
    if attr in fixed:
        return fixed[attr]
    return import_from_settings(attr, *default)

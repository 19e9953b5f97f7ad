"""The authentication backend for sign-in through the provider: mozilla-django-oidc exchanges
the code (with the PKCE verifier) and checks the id token's signature against the provider's
keys; Kompas adds what the library leaves out (issuer, audience, expiry, authorised party, a
nonce compared in constant time) and finds the person by their linked identity."""

from __future__ import annotations

import hmac
from typing import Any

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kompas.sso import services
from kompas.sso.config import ProviderError, library_setting, provider

# Seconds of difference tolerated between the provider's clock and ours.
LEEWAY = 60


class ProviderBackend(OIDCAuthenticationBackend):
    """Answers only the callback view's call (with a nonce and a PKCE verifier); any other sign-in
    (a password) passes it by."""

    get_settings = staticmethod(library_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django makes a backend for every sign-in and every page (get_user): the provider's
        # settings are read only when a sign-in through it is under way (`_configure`).
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def _configure(self) -> None:
        super().__init__()

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or "nonce" not in kwargs or "code_verifier" not in kwargs:
            return None
        if provider() is None:
            return None
        self._configure()
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            raise ProviderError("refused") from exc
        except (requests.RequestException, ValueError) as exc:
            raise ProviderError("unreachable") from exc
        except SuspiciousOperation as exc:
            raise ProviderError("invalid_token") from exc

    def verify_token(self, token: Any, **kwargs: Any) -> dict[str, Any]:
        if not isinstance(token, str) or not token:
            raise ProviderError("invalid_token")
        try:
            key = self.retrieve_matching_jwk(token)
        except (jwt.InvalidTokenError, KeyError) as exc:
            raise ProviderError("invalid_token") from exc
        payload: dict[str, Any] = self._verify_jws(token, key)
        expected = kwargs.get("nonce")
        got = payload.get("nonce")
        if not (
            isinstance(expected, str)
            and isinstance(got, str)
            and hmac.compare_digest(expected.encode(), got.encode())
        ):
            raise ProviderError("nonce")
        return payload

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        conf = provider()
        assert conf is not None  # nosec B101
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError as exc:
            raise ProviderError("invalid_token") from exc
        if header.get("alg") != conf.algorithm:
            raise ProviderError("invalid_token")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[conf.algorithm],
                audience=conf.client_id,
                issuer=conf.issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise ProviderError("expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise ProviderError("audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise ProviderError("issuer") from exc
        except jwt.InvalidTokenError as exc:
            raise ProviderError("invalid_token") from exc
        # A token for several audiences must name us as the party it was issued to.
        audience = claims.get("aud")
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != conf.client_id:
            raise ProviderError("audience")
        return claims

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        # Only the signed id token's claims are read: nothing from the user-info endpoint.
        return services.person_for_claims(claims=payload, request=self.request)

    def get_user(self, user_id: Any) -> Any:
        """The person of a session, as Django's ModelBackend reads them: none once inactive."""
        from kompas.accounts.backends import signed_in

        return signed_in(user_id)

    # Permissions are decided by kompas.permissions only (as PasswordBackend says).
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

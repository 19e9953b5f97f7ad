"""`kompas check --deploy`: sign-in through a provider needs HTTPS end to end."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from kompas.sso.config import is_https, provider


@register(Tags.security, deploy=True)
def sso_over_https(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    conf = provider()
    if conf is None:
        return []
    warnings = []
    if not settings.HTTPS or not is_https(settings.SITE_URL):
        warnings.append(
            Warning(
                "Sign-in through the provider is configured without HTTPS: the provider's answer "
                "(its code) and the session cookie would cross the network readable.",
                hint="Set KOMPAS_HTTPS=true and an https:// KOMPAS_SITE_URL.",
                id="kompas.sso.W001",
            )
        )
    if not is_https(conf.issuer) or not is_https(conf.discovery_url):
        warnings.append(
            Warning(
                "The provider's issuer or discovery address is not https://.",
                hint="Use the provider's https:// issuer (Entra ID: https://login.microsoftonline.com/<tenant>/v2.0).",
                id="kompas.sso.W002",
            )
        )
    return warnings

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "kompas.sso"
    label = "sso"
    verbose_name = _("Sign-in through the zone's identity provider")

    def ready(self) -> None:
        from kompas.sso import checks  # noqa: F401  (registers the deploy check)

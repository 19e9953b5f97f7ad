from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # The permission rules and the sign-in audit receivers register themselves on import.
        from kompas import permissions  # noqa: F401
        from kompas.accounts import signin  # noqa: F401

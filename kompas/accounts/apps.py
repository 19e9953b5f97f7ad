from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # The permission rules and the sign-in audit receivers register themselves on import.
        from kompas import permissions  # noqa: F401
        from kompas.accounts import signin  # noqa: F401

        # The organisation stamp's triggers, installed again after every migrate.
        from kompas.accounts.organisation import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="kompas-stamps")

from django.apps import AppConfig


class PasskeysConfig(AppConfig):
    name = "kompas.passkeys"
    label = "passkeys"
    verbose_name = "Passkeys"

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kompas.privacy"
    verbose_name = "Privacy"

from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "kompas.scim"
    label = "scim"
    verbose_name = "SCIM"

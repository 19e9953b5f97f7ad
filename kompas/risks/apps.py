from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "kompas.risks"
    verbose_name = "Risks"

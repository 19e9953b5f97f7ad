from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "kompas.operations"
    verbose_name = "Operations"

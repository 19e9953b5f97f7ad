from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kompas.api"
    label = "api"
    verbose_name = "API"

from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "kompas.front"
    verbose_name = "Front"

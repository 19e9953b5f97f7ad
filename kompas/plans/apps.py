from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kompas.plans"
    verbose_name = "Plans"

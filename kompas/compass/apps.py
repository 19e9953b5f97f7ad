from django.apps import AppConfig


class CompassConfig(AppConfig):
    name = "kompas.compass"
    verbose_name = "Compass"

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "kompas.insights"
    verbose_name = "Insights"

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "kompas.reporting"
    verbose_name = "Reporting"

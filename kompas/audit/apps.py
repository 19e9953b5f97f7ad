from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kompas.audit"
    verbose_name = "Audit"

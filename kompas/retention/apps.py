from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "kompas.retention"
    verbose_name = "Retention"

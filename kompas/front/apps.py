from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "kompas.front"
    verbose_name = "Front"

    def ready(self) -> None:
        from kompas.lib import lookups  # noqa: F401 - registers the any_of lookup (on the ids of
        # related rows: `service__id__any_of`, which reads the column without a join)

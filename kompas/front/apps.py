from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "kompas.front"
    verbose_name = "Front"

    def ready(self) -> None:
        # Registers the any_of lookup, used on the ids of related rows (`service__id__any_of`).
        from kompas.lib import lookups  # noqa: F401

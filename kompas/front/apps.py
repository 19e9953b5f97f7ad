from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "kompas.front"
    verbose_name = "Front"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        # Registers the any_of lookup, used on the ids of related rows (`service__id__any_of`).
        from kompas.lib import lookups  # noqa: F401

        # PostgreSQL connections keep the statements they prepare (kompas.lib.connections).
        from kompas.lib.connections import keep_prepared_statements

        connection_created.connect(keep_prepared_statements, dispatch_uid="kompas-prepared")

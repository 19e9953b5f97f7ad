from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "kompas.registers"
    verbose_name = "Registers"

from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "cspkit.web.registers"
    label = "registers"
    verbose_name = "Statutory registers"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspkit.web.core"
    label = "core"
    verbose_name = "Site"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspkit.web.core"
    label = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from cspkit.web.core import generation

        generation.install()

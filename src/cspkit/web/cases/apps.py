from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cspkit.web.cases"
    label = "cases"
    verbose_name = "ASB cases"

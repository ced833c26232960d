from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "cspkit.web.plan"
    label = "plan"
    verbose_name = "Plan"

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "cspkit.web.performance"
    label = "performance"
    verbose_name = "Performance"

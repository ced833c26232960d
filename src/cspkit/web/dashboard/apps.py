from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "cspkit.web.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

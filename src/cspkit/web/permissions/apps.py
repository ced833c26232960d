from django.apps import AppConfig


class PermissionsConfig(AppConfig):
    name = "cspkit.web.permissions"
    label = "permissions"
    verbose_name = "Permissions"

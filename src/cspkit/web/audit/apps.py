from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cspkit.web.audit"
    label = "audit"
    verbose_name = "Access log"

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "cspkit.web.evidence"
    label = "evidence"
    verbose_name = "Evidence"

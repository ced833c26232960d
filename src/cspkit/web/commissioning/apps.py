from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "cspkit.web.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning and funding"
    default_auto_field = "django.db.models.BigAutoField"

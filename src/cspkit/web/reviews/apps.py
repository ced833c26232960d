from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cspkit.web.reviews"
    label = "reviews"
    verbose_name = "ASB Case Reviews"

from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "cspkit.web.board"
    label = "board"
    verbose_name = "Board reports"

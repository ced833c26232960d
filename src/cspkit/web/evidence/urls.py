from django.urls import path

from cspkit.web.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:identifier>/", views.assessment, name="assessment"),
    path("<str:identifier>/tables.xlsx", views.workbook, name="workbook"),
    path("<str:identifier>/figures/<str:figure_id>.png", views.figure, name="figure"),
    path("<str:identifier>/tables/<str:table_id>.<str:fmt>", views.table, name="table"),
]

from django.urls import path

from cspkit.web.board import views

app_name = "board"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("published/", views.published, name="published"),
    path("plans/<int:plan_pk>/", views.plan_reports, name="plan"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/summary/", views.edit_summary, name="edit_summary"),
    path("<int:pk>/priorities/<int:priority_pk>/", views.edit_section, name="edit_section"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.<str:fmt>", views.download, name="download"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/versions/<int:number>/report.<str:fmt>", views.version_download, name="version_download"),
]

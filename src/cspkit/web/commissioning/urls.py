from django.urls import path

from cspkit.web.commissioning import export_views, views

app_name = "commissioning"
urlpatterns = [
    path("", views.index, name="index"),
    path("partnerships/<int:partnership_pk>/funds/new/", views.fund_create, name="fund_create"),
    path("partnerships/<int:partnership_pk>/projects/new/", views.project_create, name="project_create"),
    path("partnerships/<int:partnership_pk>/summary/", views.summary, name="summary"),
    path("partnerships/<int:partnership_pk>/projects.csv", export_views.projects_csv_download, name="projects_csv"),
    path("partnerships/<int:partnership_pk>/summary.<str:fmt>", views.summary, name="summary_download"),
    path("funds/<int:pk>/", views.fund_detail, name="fund"),
    path("funds/<int:pk>/edit/", views.fund_edit, name="fund_edit"),
    path("funds/<int:fund_pk>/allocations/new/", views.allocation_edit, name="allocation_create"),
    path("funds/<int:fund_pk>/allocations/<int:pk>/edit/", views.allocation_edit, name="allocation_edit"),
    path("funds/<int:pk>/returns/<str:quarter>.<str:fmt>", views.fund_return, name="fund_return"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:project_pk>/outputs/new/", views.output_edit, name="output_create"),
    path("projects/<int:project_pk>/outputs/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path("projects/<int:project_pk>/returns/<str:quarter>/", views.return_edit, name="return"),
    path(
        "projects/<int:project_pk>/returns/<str:quarter>/template.xlsx", views.return_template, name="return_template"
    ),
    path("projects/<int:project_pk>/upload/", views.return_upload, name="return_upload"),
]

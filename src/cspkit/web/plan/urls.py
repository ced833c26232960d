from django.urls import path

from cspkit.web.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("import/", views.plan_import, name="import"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/plan.xlsx", views.plan_export, name="export"),
    path("<int:plan_pk>/<str:kind>/new/", views.part_create, name="part_create"),
    path("<int:plan_pk>/priorities/<int:priority_pk>/<str:kind>/new/", views.part_create, name="priority_part_create"),
    path("<int:plan_pk>/<str:kind>/<int:pk>/edit/", views.part_edit, name="part_edit"),
    path("<int:plan_pk>/<str:kind>/<int:pk>/history/", views.part_history, name="history"),
]
